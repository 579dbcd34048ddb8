using MaskingProxy.SqlRewriter.Catalog;
using MaskingProxy.SqlRewriter.Policies;
using MaskingProxy.SqlRewriter.Postgres.Rewriting;
using MaskingProxy.SqlRewriter.Rewriting;

namespace MaskingProxy.Proxy.Tests.Samples;

/// <summary>
/// The sample policies loaded against a seeded database's catalog, with the seed rows, ready to rewrite
/// statements the way the proxy does for a login.
/// </summary>
public sealed class SamplePolicySet
{
    private readonly Dictionary<string, Policy> _policies;
    private readonly Dictionary<string, IReadOnlyList<SeedTable>> _tables;

    private SamplePolicySet(CatalogSnapshot catalog, Dictionary<string, Policy> policies, Dictionary<string, IReadOnlyList<SeedTable>> tables)
    {
        Catalog = catalog;
        _policies = policies;
        _tables = tables;
    }

    public CatalogSnapshot Catalog { get; }

    /// <summary>Loads the catalog of <paramref name="database"/> and the policies and seeds named <paramref name="samples"/>.</summary>
    public static async Task<SamplePolicySet> LoadAsync(SampleDatabase database, params string[] samples)
    {
        ArgumentNullException.ThrowIfNull(database);
        var catalog = await database.LoadCatalogAsync();
        var policies = new Dictionary<string, Policy>(StringComparer.Ordinal);
        var tables = new Dictionary<string, IReadOnlyList<SeedTable>>(StringComparer.Ordinal);
        foreach (var sample in samples)
        {
            var result = PolicyLoader.TryLoadFile(SampleFiles.PolicyPath(sample), catalog);
            policies[sample] = result.Policy ?? throw new InvalidOperationException(string.Join(Environment.NewLine, result.Errors));
            tables[sample] = SeedSqlReader.ReadFile(SampleFiles.SeedPath(sample));
        }

        return new SamplePolicySet(catalog, policies, tables);
    }

    public Policy Policy(string sample) => _policies[sample];

    public IReadOnlyList<SeedTable> Tables(string sample) => _tables[sample];

    public SeedTable Table(string sample, string name) => _tables[sample].Single(t => t.Name == name);

    /// <summary>What the proxy would forward for <paramref name="login"/> (default session settings).</summary>
    public RewriteResult Rewrite(string sample, string login, string sql) =>
        PostgresRewriter.Instance.Rewrite(new RewriteRequest(sql, login, _policies[sample], Catalog));

    /// <summary>The raw values the policy masks for <paramref name="login"/> (see <see cref="SensitiveValues"/>).</summary>
    public SensitiveValues SensitiveFor(string sample, string login) =>
        SensitiveValues.For(_policies[sample], login, Catalog, _tables[sample]);
}
