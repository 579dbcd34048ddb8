namespace MaskingProxy.Proxy.Cli;

/// <summary>A result column that carries a masked value, as <c>policy explain</c> reports it.</summary>
/// <param name="Statement">0-based statement index in the text.</param>
/// <param name="Position">0-based output position, or null when it cannot be known statically.</param>
/// <param name="Name">Output column name.</param>
/// <param name="Source">Covered column, <c>schema.table.column</c>.</param>
/// <param name="RuleId">Rule that masks it.</param>
/// <param name="Mask">Mask description (<see cref="ExplainMaskFormatter"/>).</param>
/// <param name="Derived">True when the output is an expression over the masked value, not the value itself.</param>
internal sealed record ExplainColumn(int Statement, int? Position, string Name, string Source, string RuleId, string Mask, bool Derived)
{
    /// <summary><c>#statement.position</c>, the golden corpus's notation (<c>?</c> for an unknown position).</summary>
    public string Output => $"#{Statement}.{(Position is { } p ? p.ToString(System.Globalization.CultureInfo.InvariantCulture) : "?")}";
}
