namespace MaskingProxy.Proxy.Tests.Samples;

/// <summary>One result of a statement, every value in PostgreSQL's text format (COPY: one row per line).</summary>
public sealed record ResultSet(int StatementIndex, IReadOnlyList<string> Columns, IReadOnlyList<string?[]> Rows)
{
    /// <summary>The values of the named column (first one with that name).</summary>
    public IEnumerable<string?> Column(string name)
    {
        var index = Columns.ToList().IndexOf(name);
        return index >= 0 ? Rows.Select(r => r[index]) : throw new ArgumentException($"no result column {name}", nameof(name));
    }
}
