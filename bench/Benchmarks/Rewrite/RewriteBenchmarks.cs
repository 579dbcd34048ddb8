using BenchmarkDotNet.Attributes;
using MaskingProxy.SqlRewriter.Catalog;
using MaskingProxy.SqlRewriter.Policies;
using MaskingProxy.SqlRewriter.Postgres.Ast;
using MaskingProxy.SqlRewriter.Postgres.Interop;
using MaskingProxy.SqlRewriter.Postgres.Rewriting;
using MaskingProxy.SqlRewriter.Rewriting;

namespace MaskingProxy.Benchmarks.Rewrite;

/// <summary>
/// What the proxy pays per statement to decide masking: a cache hit (the steady state of an application
/// repeating its statements) and a cold rewrite (parse, analysis against the catalog and policy, splice).
/// Targets: cached ≤ 2 µs, cold 3-table join ≤ 100 µs.
/// </summary>
[Config(typeof(RewriteBenchmarkConfig))]
public class RewriteBenchmarks
{
    private readonly RewriteCache _cache = new();
    private RewriteRequest _typical = null!;
    private RewriteRequest _join = null!;

    [GlobalSetup]
    public void Setup()
    {
        CatalogSnapshot catalog = RewriteFixtures.LoadCatalog();
        Policy policy = RewriteFixtures.LoadPolicy(catalog);
        _typical = new RewriteRequest(RewriteFixtures.TypicalStatement, RewriteFixtures.Login, policy, catalog);
        _join = new RewriteRequest(RewriteFixtures.ThreeTableJoin, RewriteFixtures.Login, policy, catalog);

        // Fail fast if the fixture stops exercising masking: numbers for an allowed or denied text would mislead.
        foreach (RewriteRequest request in new[] { _typical, _join })
        {
            RewriteResult result = _cache.GetOrRewrite(PostgresRewriter.Instance, request);
            if (result.Verdict != RewriteVerdict.Masked)
            {
                throw new InvalidOperationException($"expected a masked rewrite, got {result.Verdict}: {result.Denial?.Message}");
            }
        }
    }

    /// <summary>Cache hit: key construction (subject class, hashes) plus the LRU lookup.</summary>
    [Benchmark]
    public RewriteResult CachedTypicalStatement() => _cache.GetOrRewrite(PostgresRewriter.Instance, _typical);

    /// <summary>Cache hit for the longer join text (hashing grows with the text).</summary>
    [Benchmark]
    public RewriteResult CachedThreeTableJoin() => _cache.GetOrRewrite(PostgresRewriter.Instance, _join);

    /// <summary>Cold: parse + analyse + splice, no rewrite cache (the coverage model is per policy and stays warm).</summary>
    [Benchmark]
    public RewriteResult ColdTypicalStatement() => PostgresRewriter.Instance.Rewrite(_typical);

    /// <summary>Cold 3-table join over covered tables.</summary>
    [Benchmark]
    public RewriteResult ColdThreeTableJoin() => PostgresRewriter.Instance.Rewrite(_join);

    /// <summary>libpg_query parse alone (P/Invoke + protobuf decode), the floor under every cold rewrite.</summary>
    [Benchmark]
    public ParseResult ParseThreeTableJoin() => PgQuery.Parse(RewriteFixtures.ThreeTableJoin);
}
