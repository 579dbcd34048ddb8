namespace MaskingProxy.SqlRewriter.Catalog;

/// <summary>
/// A column as the database catalog names it (exact, case-sensitive names as stored in pg_catalog).
/// </summary>
/// <param name="Schema">Schema name, e.g. <c>public</c>.</param>
/// <param name="Table">Table or view name.</param>
/// <param name="Column">Column name.</param>
/// <param name="TypeName">The declared type as <c>format_type(atttypid, atttypmod)</c> prints it, e.g. <c>character varying(20)</c>.</param>
public sealed record CatalogColumn(string Schema, string Table, string Column, string TypeName)
{
    /// <inheritdoc />
    public override string ToString() => $"{Schema}.{Table}.{Column} ({TypeName})";
}
