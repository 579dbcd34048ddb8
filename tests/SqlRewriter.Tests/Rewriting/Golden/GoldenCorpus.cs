using System.Collections.Concurrent;
using MaskingProxy.SqlRewriter.Catalog;
using MaskingProxy.SqlRewriter.Policies;

namespace MaskingProxy.SqlRewriter.Tests.Rewriting.Golden;

/// <summary>Locates the golden corpus (Cases/postgres in the source tree) and loads its fixtures once.</summary>
public static class GoldenCorpus
{
    private static readonly Lazy<string> s_directory = new(FindDirectory);
    private static readonly Lazy<CatalogSnapshot> s_catalog = new(() => CatalogJson.Load(System.IO.Path.Combine(Directory, "catalog.json")));
    private static readonly ConcurrentDictionary<string, Policy> s_policies = new(StringComparer.Ordinal);

    /// <summary>Environment variable that switches the golden test into regeneration mode.</summary>
    public const string UpdateVariable = "MASKINGPROXY_UPDATE_GOLDEN";

    public static string Directory => s_directory.Value;

    public static CatalogSnapshot Catalog => s_catalog.Value;

    public static bool UpdateRequested => Environment.GetEnvironmentVariable(UpdateVariable) == "1";

    public static IEnumerable<string> CaseFiles() =>
        System.IO.Directory.EnumerateFiles(Directory, "*.yaml")
            .Where(p => !System.IO.Path.GetFileName(p).StartsWith("policy", StringComparison.Ordinal) && System.IO.Path.GetFileName(p) != "substitutes.yaml")
            .Order(StringComparer.Ordinal);

    public static Policy Policy(string file) => s_policies.GetOrAdd(file, name =>
    {
        PolicyLoadResult result = PolicyLoader.TryLoadFile(System.IO.Path.Combine(Directory, name), Catalog);
        return result.Policy ?? throw new InvalidDataException($"{name}: {string.Join("; ", result.Errors)}");
    });

    // The source tree, so that regeneration writes the files under review (tests run from bin/...).
    private static string FindDirectory()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = System.IO.Path.Combine(dir.FullName, "Cases", "postgres");
            if (System.IO.Directory.Exists(candidate) && File.Exists(System.IO.Path.Combine(candidate, "catalog.json")))
            {
                return candidate;
            }

            string nested = System.IO.Path.Combine(dir.FullName, "tests", "SqlRewriter.Tests", "Cases", "postgres");
            if (System.IO.Directory.Exists(nested))
            {
                return nested;
            }
        }

        throw new DirectoryNotFoundException("tests/SqlRewriter.Tests/Cases/postgres not found above " + AppContext.BaseDirectory);
    }
}
