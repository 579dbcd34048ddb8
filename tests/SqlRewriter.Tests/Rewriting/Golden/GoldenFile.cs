namespace MaskingProxy.SqlRewriter.Tests.Rewriting.Golden;

/// <summary>A golden file: defaults for its cases plus the cases.</summary>
public sealed class GoldenFile
{
    public required string Path { get; init; }

    public required string Name { get; init; }

    /// <summary>Leading comment lines (kept when the file is regenerated).</summary>
    public string Header { get; init; } = string.Empty;

    public string Policy { get; init; } = "policy.yaml";

    public string Login { get; init; } = "app_user";

    public string? SearchPath { get; init; }

    public List<GoldenCase> Cases { get; } = [];
}
