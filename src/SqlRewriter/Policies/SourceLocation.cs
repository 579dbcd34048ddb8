namespace MaskingProxy.SqlRewriter.Policies;

/// <summary>A position in a policy file (1-based line and column).</summary>
/// <param name="File">File path or source name.</param>
/// <param name="Line">1-based line.</param>
/// <param name="Column">1-based column.</param>
public readonly record struct SourceLocation(string File, int Line, int Column)
{
    /// <inheritdoc />
    public override string ToString() => $"{File}:{Line}:{Column}";
}
