namespace MaskingProxy.SqlRewriter.Tests.Rewriting.Golden;

/// <summary>One case of a golden file: input and expected outcome (both as written in the file).</summary>
public sealed class GoldenCase
{
    public required string File { get; init; }

    public required string Name { get; init; }

    public required string Sql { get; init; }

    /// <summary>Login override (else the file's).</summary>
    public string? Login { get; init; }

    /// <summary>search_path override (SHOW search_path syntax), else the file's.</summary>
    public string? SearchPath { get; init; }

    /// <summary>Server parameters (name=value), e.g. standard_conforming_strings=off.</summary>
    public IReadOnlyList<string> Parameters { get; init; } = [];

    /// <summary>Temporary relations the session created.</summary>
    public IReadOnlyList<string> Temporary { get; init; } = [];

    public GoldenOutcome? Expected { get; set; }

    public override string ToString() => $"{File}: {Name}";
}
