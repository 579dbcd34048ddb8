using MaskingProxy.SqlRewriter.Rewriting;

namespace MaskingProxy.SqlRewriter.Postgres.Rewriting;

/// <summary>Facts collected while analysing a statement text, turned into a <see cref="RewriteResult"/> at the end.</summary>
/// <remarks>
/// Objects and rules are kept per statement only: statements are analysed one after the other, so the
/// whole text's first-use order is the statements' lists in turn, and <see cref="Objects"/> and
/// <see cref="UsedRules"/> derive it once at the end.
/// </remarks>
internal sealed class AnalysisResults
{
    private readonly List<List<ObjectReference>> _objects = [];
    private readonly List<List<string>> _rules = [];

    public List<MaskedOutputColumn> MaskedColumns { get; } = [];

    public List<ValueTransformColumn> Transforms { get; } = [];

    public List<SessionEffect> Effects { get; } = [];

    public List<string> Warnings { get; } = [];

    /// <summary>Objects per statement begun, distinct, in first-use order.</summary>
    public IReadOnlyList<IReadOnlyList<ObjectReference>> StatementObjects => _objects;

    /// <summary>Rule ids per statement begun, distinct, in first-use order.</summary>
    public IReadOnlyList<IReadOnlyList<string>> StatementRules => _rules;

    /// <summary>Set when a covered value is read (masked or transformed): the verdict is then <see cref="RewriteVerdict.Masked"/>.</summary>
    public bool MaskedSomething { get; set; }

    /// <summary>Set when the current statement calls something that may change data (for <see cref="StatementSummary.IsPlainRead"/>).</summary>
    public bool MayWrite { get; set; }

    /// <summary>Starts the next statement: objects and rules are attributed to it from now on.</summary>
    public void BeginStatement()
    {
        _objects.Add([]);
        _rules.Add([]);
        MayWrite = false;
    }

    public void Touch(ObjectReference reference)
    {
        var own = Current(_objects);
        if (!own.Contains(reference))
        {
            own.Add(reference);
        }
    }

    /// <summary>A rule masked something in this text.</summary>
    public void UseRule(string ruleId)
    {
        MaskedSomething = true;
        NoteRule(ruleId);
    }

    /// <summary>A rule decided something (e.g. let a raw value into a predicate) without masking a value.</summary>
    public void NoteRule(string ruleId)
    {
        var own = Current(_rules);
        if (!own.Contains(ruleId, StringComparer.Ordinal))
        {
            own.Add(ruleId);
        }
    }

    /// <summary>Objects of the whole text, distinct, in first-use order.</summary>
    public List<ObjectReference> Objects()
    {
        var seen = new HashSet<ObjectReference>();
        var all = new List<ObjectReference>();
        foreach (var own in _objects)
        {
            all.AddRange(own.Where(seen.Add));
        }

        return all;
    }

    /// <summary>Rule ids used anywhere in the text (unordered: the order is the policy's).</summary>
    public HashSet<string> UsedRules() => [.. _rules.SelectMany(own => own)];

    public void Warn(string warning)
    {
        if (!Warnings.Contains(warning))
        {
            Warnings.Add(warning);
        }
    }

    // A view body is analysed without statements being begun: it is one statement.
    private List<T> Current<T>(List<List<T>> byStatement)
    {
        if (byStatement.Count == 0)
        {
            BeginStatement();
        }

        return byStatement[^1];
    }
}
