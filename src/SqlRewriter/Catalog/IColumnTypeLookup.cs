namespace MaskingProxy.SqlRewriter.Catalog;

/// <summary>
/// Column types from a database catalog, used to check that each rule's mask fits the columns it covers
/// (SPEC §3: a mask that does not fit the column's type is a policy error).
/// </summary>
public interface IColumnTypeLookup
{
    /// <summary>The declared type of a column (names exact, as in the catalog), or false if unknown.</summary>
    bool TryGetColumnType(string schema, string table, string column, out string? typeName);

    /// <summary>All known columns; used to expand glob patterns such as <c>*.*.phone</c>.</summary>
    IEnumerable<CatalogColumn> EnumerateColumns();
}
