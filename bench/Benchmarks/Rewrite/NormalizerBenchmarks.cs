using BenchmarkDotNet.Attributes;
using MaskingProxy.SqlRewriter.Postgres;

namespace MaskingProxy.Benchmarks.Rewrite;

/// <summary>
/// The audit record's statement text (<see cref="StatementNormalizer"/>): cold (libpg_query normalize plus
/// the scanner pass) and through <see cref="NormalizedTextCache"/>, as the proxy calls it per statement.
/// </summary>
[Config(typeof(RewriteBenchmarkConfig))]
public class NormalizerBenchmarks
{
    private const string Update = "UPDATE patients SET phone = '13812345678', email = 'zhang.san@example.com' WHERE patient_no = 'P-000123' AND birth_date > DATE '1990-03-07'";
    private const string Unparseable = "SELEKT full_name FROM patients WHERE id_card = '110101199003071234' AND phone = '13812345678'";
    private const string MultiStatement = "BEGIN; " + Update + "; COMMIT";

    private readonly NormalizedTextCache _cache = new();

    [GlobalSetup]
    public void Setup()
    {
        _cache.GetOrNormalize(Update);
        _cache.GetOrNormalize(MultiStatement, 7, Update.Length);
    }

    [Benchmark]
    public string ColdTypicalSelect() => StatementNormalizer.Normalize(RewriteFixtures.TypicalStatement);

    [Benchmark]
    public string ColdThreeTableJoin() => StatementNormalizer.Normalize(RewriteFixtures.ThreeTableJoin);

    [Benchmark]
    public string ColdUpdateWithLiterals() => StatementNormalizer.Normalize(Update);

    /// <summary>Syntax error path: libpg_query's normalize fails (an exception), the scanner pass alone runs.</summary>
    [Benchmark]
    public string ColdUnparseable() => StatementNormalizer.Normalize(Unparseable);

    [Benchmark]
    public string CachedUpdate() => _cache.GetOrNormalize(Update);

    /// <summary>Cache hit on a statement range of a multi-statement text (span lookup, no substring).</summary>
    [Benchmark]
    public string CachedStatementRange() => _cache.GetOrNormalize(MultiStatement, 7, Update.Length);
}
