using MaskingProxy.SqlRewriter.Catalog;
using MaskingProxy.SqlRewriter.Policies;

namespace MaskingProxy.Proxy.Tests.Samples;

/// <summary>
/// The raw seed values a login must never see: every value of a character column that the policy masks
/// for the login (names, IDs, mobiles, e-mails, addresses, cards, record numbers, clinical text). Masks
/// of dates and numbers are left out: a truncated date or rounded amount can equal some other raw value
/// by coincidence, so searching for them proves nothing.
/// </summary>
/// <remarks>
/// scripts/gen-sample-data.py guarantees that no such value occurs inside any uncovered value of the
/// seeds, so finding one in a result is a leak, not a coincidence.
/// </remarks>
public sealed class SensitiveValues
{
    private readonly List<(string Value, string Source)> _values;

    private SensitiveValues(List<(string, string)> values) => _values = values;

    public int Count => _values.Count;

    public static SensitiveValues For(Policy policy, string login, CatalogSnapshot catalog, IEnumerable<SeedTable> tables)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(tables);
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var table in tables)
        {
            foreach (var column in table.Columns)
            {
                if (policy.MatchColumn(table.Schema, table.Name, column, login) is null
                    || !catalog.TryGetColumnType(table.Schema, table.Name, column, out var typeName)
                    || !PgColumnType.TryParse(typeName!, out var type, out _)
                    || type.Category != PgTypeCategory.Character)
                {
                    continue;
                }

                foreach (var value in table.Values(column).Where(v => v.Length >= 2))
                {
                    values.TryAdd(value, $"{table.QualifiedName}.{column}");
                }
            }
        }

        return new SensitiveValues([.. values.Select(kv => (kv.Key, kv.Value))]);
    }

    /// <summary>
    /// The raw values found in <paramref name="output"/>, as "value (schema.table.column)", leaving out
    /// values the statement text spells out itself (a lookup literal echoed back is not a leak).
    /// </summary>
    public List<string> FindIn(string output, string statementText)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(statementText);
        return _values
            .Where(v => output.Contains(v.Value, StringComparison.Ordinal) && !statementText.Contains(v.Value, StringComparison.Ordinal))
            .Select(v => $"{v.Value} ({v.Source})")
            .ToList();
    }

    /// <summary>How many distinct raw values occur in <paramref name="output"/> (for the exempt side: raw data does arrive).</summary>
    public int CountIn(string output) => _values.Count(v => output.Contains(v.Value, StringComparison.Ordinal));
}
