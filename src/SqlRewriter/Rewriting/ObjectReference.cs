namespace MaskingProxy.SqlRewriter.Rewriting;

/// <summary>A catalog object a statement touches: <c>schema.table</c> or <c>schema.table.column</c> (exact names).</summary>
/// <param name="Schema">Schema name.</param>
/// <param name="Table">Table, view or other relation name.</param>
/// <param name="Column">Column name, or null when the relation is touched as a whole.</param>
public sealed record ObjectReference(string Schema, string Table, string? Column = null)
{
    /// <summary><c>schema.table[.column]</c> without quoting.</summary>
    public override string ToString() => Column is null ? $"{Schema}.{Table}" : $"{Schema}.{Table}.{Column}";
}
