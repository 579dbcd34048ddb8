namespace MaskingProxy.SqlRewriter.Policies;

/// <summary>A problem found while loading a policy, at a file position.</summary>
/// <param name="Location">Where (file, 1-based line and column).</param>
/// <param name="Kind">Category.</param>
/// <param name="Message">What is wrong, and where useful, what is expected.</param>
/// <param name="Severity">Error (policy rejected) or warning.</param>
public sealed record PolicyError(SourceLocation Location, PolicyErrorKind Kind, string Message, PolicyErrorSeverity Severity = PolicyErrorSeverity.Error)
{
    /// <summary>Shorthand for <see cref="Location"/>.Line.</summary>
    public int Line => Location.Line;

    /// <summary>Shorthand for <see cref="Location"/>.Column.</summary>
    public int Column => Location.Column;

    /// <summary><c>file:line:column: error|warning: message</c>, the format compilers use.</summary>
    public override string ToString() =>
        $"{Location}: {(Severity == PolicyErrorSeverity.Error ? "error" : "warning")}: {Message}";
}
