using System.Runtime.CompilerServices;

namespace MaskingProxy.SqlRewriter.Postgres.Templates;

public sealed partial class LiteralTemplate
{
    private static readonly ConditionalWeakTable<string, SlotList> s_slots = [];

    /// <summary>
    /// The rewritten template as a statement to prepare, with this text's literals as its parameters
    /// (see <see cref="ParameterSlots"/> for which placeholders stay parameters; the others get their
    /// literal written in and the rest are renumbered). Null when the rewritten text is not a single
    /// plain <c>SELECT</c> or no placeholder can stay a parameter.
    /// </summary>
    public ParameterizedStatement? TryParameterize(string rewrittenTemplate)
    {
        ArgumentNullException.ThrowIfNull(rewrittenTemplate);
        var placeholders = s_placeholders.GetValue(rewrittenTemplate, FindPlaceholders).Tokens;
        if (placeholders is null || placeholders.Count == 0)
        {
            return null;
        }
        var usable = s_slots.GetValue(rewrittenTemplate, FindSlots).Usable;
        var count = 0;
        var renumbered = new int[_literals.Length + 1];
        var types = new int[_literals.Length];
        var values = new string[_literals.Length];
        for (var number = 1; number <= _literals.Length; number++)
        {
            if (number < usable.Length && usable[number] && LiteralParameter.TryDescribe(Literal(number - 1), out var type, out var value))
            {
                types[count] = type;
                values[count] = value;
                renumbered[number] = ++count;
            }
        }
        if (count == 0)
        {
            return null;
        }
        var unchanged = true;
        foreach (var (_, _, number) in placeholders)
        {
            unchanged &= number >= 1 && number <= _literals.Length && renumbered[number] == number;
        }
        var text = unchanged ? rewrittenTemplate : Splice(rewrittenTemplate, placeholders, renumbered);
        return text is null ? null
            : count == types.Length ? new ParameterizedStatement(text, types, values)
            : new ParameterizedStatement(text, types[..count], values[..count]);
    }

    private static SlotList FindSlots(string rewrittenTemplate)
    {
        var highest = 0;
        foreach (var (_, _, number) in s_placeholders.GetValue(rewrittenTemplate, FindPlaceholders).Tokens ?? [])
        {
            highest = Math.Max(highest, number);
        }
        return new SlotList(ParameterSlots.Find(rewrittenTemplate, highest));
    }

    /// <summary>Per placeholder number, whether it may stay a parameter (<see cref="ParameterSlots"/>).</summary>
    private sealed record SlotList(bool[] Usable);
}
