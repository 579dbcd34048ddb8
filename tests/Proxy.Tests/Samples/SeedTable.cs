namespace MaskingProxy.Proxy.Tests.Samples;

/// <summary>The rows one INSERT of a seed file adds: values as written (string literals unquoted, NULL as null).</summary>
public sealed record SeedTable(string Schema, string Name, IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyList<string?>> Rows)
{
    public string QualifiedName => $"{Schema}.{Name}";

    /// <summary>The column's values, NULLs left out.</summary>
    public IEnumerable<string> Values(string column)
    {
        var index = IndexOf(column);
        return Rows.Select(row => row[index]).OfType<string>();
    }

    /// <summary>The rows as column name to value maps (for checks that span columns).</summary>
    public IEnumerable<IReadOnlyDictionary<string, string?>> Records() =>
        Rows.Select(row => (IReadOnlyDictionary<string, string?>)Columns.Select((c, i) => (c, row[i])).ToDictionary(x => x.c, x => x.Item2, StringComparer.Ordinal));

    public bool HasColumn(string column) => Columns.Contains(column, StringComparer.Ordinal);

    private int IndexOf(string column)
    {
        var index = Columns.ToList().IndexOf(column);
        return index >= 0 ? index : throw new ArgumentException($"{QualifiedName} has no column {column}", nameof(column));
    }
}
