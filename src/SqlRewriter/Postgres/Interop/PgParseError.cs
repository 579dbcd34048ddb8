namespace MaskingProxy.SqlRewriter.Postgres.Interop;

/// <summary>
/// A refusal by libpg_query or by the wrapper's input checks.
/// </summary>
/// <param name="Kind">Category of the failure.</param>
/// <param name="Message">Human-readable message (for syntax errors, PostgreSQL's own text).</param>
/// <param name="Position">
/// 0-based index into the C# input string (UTF-16 code units) where the error was detected, or null when
/// unknown. PostgreSQL reports a 1-based position counted in characters; this has been converted.
/// </param>
/// <param name="FunctionName">PostgreSQL source function that raised the error, if any.</param>
/// <param name="FileName">PostgreSQL source file that raised the error, if any.</param>
/// <param name="LineNumber">PostgreSQL source line that raised the error, 0 if unknown.</param>
/// <param name="Context">Additional context from PostgreSQL, if any.</param>
public sealed record PgParseError(
    PgParseErrorKind Kind,
    string Message,
    int? Position,
    string? FunctionName = null,
    string? FileName = null,
    int LineNumber = 0,
    string? Context = null)
{
    /// <inheritdoc />
    public override string ToString() =>
        Position is int p ? $"{Kind}: {Message} (at position {p})" : $"{Kind}: {Message}";
}
