using MaskingProxy.SqlRewriter.Catalog;
using MaskingProxy.SqlRewriter.Policies;

namespace MaskingProxy.Benchmarks.Rewrite;

/// <summary>
/// The golden corpus's catalog and baseline policy (tests/SqlRewriter.Tests/Cases/postgres), read from the
/// source tree so that the benchmarks rewrite against exactly what the golden tests check.
/// </summary>
internal static class RewriteFixtures
{
    /// <summary>A typical application lookup: one covered table, a bind parameter.</summary>
    public const string TypicalStatement = "SELECT patient_no, full_name, phone, email FROM patients WHERE id_card = $1";

    /// <summary>The golden case <c>three-table-join</c> (01-basics.yaml): three covered tables, all substituted.</summary>
    public const string ThreeTableJoin = """
        SELECT p.full_name, v.visited_on, v.diagnosis, c.email
        FROM patients p
        JOIN visits v ON v.visit_id > 0
        LEFT JOIN contacts c ON c.name = p.full_name
        """;

    /// <summary>A login the policy has rules for (not exempt), as in the golden files.</summary>
    public const string Login = "app_user";

    private static readonly Lazy<string> s_directory = new(FindDirectory);

    public static CatalogSnapshot LoadCatalog() => CatalogJson.Load(Path.Combine(s_directory.Value, "catalog.json"));

    public static Policy LoadPolicy(CatalogSnapshot catalog)
    {
        PolicyLoadResult result = PolicyLoader.TryLoadFile(Path.Combine(s_directory.Value, "policy.yaml"), catalog);
        return result.Policy ?? throw new InvalidDataException("policy.yaml: " + string.Join("; ", result.Errors));
    }

    // Benchmarks run from bench/Benchmarks/bin/<configuration>/net10.0 (in-process toolchain).
    private static string FindDirectory()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "tests", "SqlRewriter.Tests", "Cases", "postgres");
            if (File.Exists(Path.Combine(candidate, "catalog.json")))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("tests/SqlRewriter.Tests/Cases/postgres not found above " + AppContext.BaseDirectory);
    }
}
