namespace MaskingProxy.SqlRewriter.Tests.Rewriting.Golden;

/// <summary>The outcome of a case as the golden file records it (rewritten text with substitute placeholders).</summary>
public sealed record GoldenOutcome
{
    public required string Verdict { get; init; }

    public string? Rewritten { get; init; }

    public string? Deny { get; init; }

    public IReadOnlyList<string> Transforms { get; init; } = [];

    public IReadOnlyList<string> Masked { get; init; } = [];

    public IReadOnlyList<string> Effects { get; init; } = [];

    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>Field-by-field differences from <paramref name="actual"/> (empty when equal).</summary>
    public List<string> Differences(GoldenOutcome actual)
    {
        var differences = new List<string>();
        Compare("verdict", Verdict, actual.Verdict, differences);
        Compare("rewritten", Rewritten, actual.Rewritten, differences);
        Compare("deny", Deny, actual.Deny, differences);
        Compare("transforms", string.Join("\n", Transforms), string.Join("\n", actual.Transforms), differences);
        Compare("masked", string.Join("\n", Masked), string.Join("\n", actual.Masked), differences);
        Compare("effects", string.Join("\n", Effects), string.Join("\n", actual.Effects), differences);
        Compare("warnings", string.Join("\n", Warnings), string.Join("\n", actual.Warnings), differences);
        return differences;
    }

    private static void Compare(string field, string? expected, string? actual, List<string> differences)
    {
        if (!string.Equals(expected ?? string.Empty, actual ?? string.Empty, StringComparison.Ordinal))
        {
            differences.Add($"{field}:\n  expected: {expected}\n  actual:   {actual}");
        }
    }
}
