namespace MaskingProxy.Proxy.Tests.Samples;

/// <summary>The sample policies, their seed SQL and the oracle query corpus, found from the repository root.</summary>
public static class SampleFiles
{
    /// <summary>The sample data sets; each has policies/NAME.yaml and policies/sample/NAME.sql.</summary>
    public static IReadOnlyList<string> Names { get; } = ["healthcare", "finance"];

    /// <summary>The folder holding MaskingProxy.sln (tests run from bin/, several levels below it).</summary>
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    public static string PolicyPath(string name) => Path.Combine(RepositoryRoot, "policies", name + ".yaml");

    public static string SeedPath(string name) => Path.Combine(RepositoryRoot, "policies", "sample", name + ".sql");

    public static string QueryCorpusPath => Path.Combine(RepositoryRoot, "tests", "Proxy.Tests", "Samples", "oracle-queries.sql");

    private static string FindRepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "MaskingProxy.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException($"MaskingProxy.sln not found above {AppContext.BaseDirectory}");
    }
}
