namespace MaskingProxy.SqlRewriter.Catalog;

/// <summary>A column of a <see cref="CatalogRelation"/>, in attribute order.</summary>
/// <param name="Name">Exact column name as stored in the catalog (case-sensitive).</param>
/// <param name="TypeName">
/// Declared type as <c>format_type(atttypid, atttypmod)</c> prints it with <c>search_path = pg_catalog</c>, so
/// built-in types are unqualified (<c>character varying(20)</c>) and every other type is schema-qualified.
/// </param>
public sealed record RelationColumn(string Name, string TypeName)
{
    /// <inheritdoc />
    public override string ToString() => $"{Name} {TypeName}";
}
