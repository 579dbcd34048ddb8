namespace MaskingProxy.SqlRewriter.Catalog;

/// <summary>An <see cref="IColumnTypeLookup"/> over a fixed list (tests, <c>--catalog-file</c>).</summary>
public sealed class InMemoryColumnTypeLookup : IColumnTypeLookup
{
    private readonly IReadOnlyList<CatalogColumn> _columns;
    private readonly Dictionary<(string, string, string), string> _types = [];

    /// <summary>Creates the lookup; later duplicates of a column replace earlier ones.</summary>
    public InMemoryColumnTypeLookup(IEnumerable<CatalogColumn> columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        _columns = columns.ToList();
        foreach (CatalogColumn c in _columns)
        {
            _types[(c.Schema, c.Table, c.Column)] = c.TypeName;
        }
    }

    /// <inheritdoc />
    public bool TryGetColumnType(string schema, string table, string column, out string? typeName) =>
        _types.TryGetValue((schema, table, column), out typeName);

    /// <inheritdoc />
    public IEnumerable<CatalogColumn> EnumerateColumns() => _columns;
}
