namespace MaskingProxy.Proxy.Cli;

/// <summary>Where <c>policy explain</c> takes the statement text from: <c>--sql TEXT</c>, <c>--file PATH</c>, or stdin (<c>-</c>).</summary>
internal static class ExplainSqlSource
{
    /// <summary>Stands for stdin in <c>--sql</c> and <c>--file</c>; never a useful statement or file name itself.</summary>
    public const string Stdin = "-";

    /// <summary>The text, or an error message when the options are contradictory or the file is unreadable.</summary>
    public static async Task<(string? Sql, string? Error)> ReadAsync(string? sql, string? file, TextReader stdin, CancellationToken cancellationToken)
    {
        if ((sql is null) == (file is null))
        {
            return (null, "give the statement text with exactly one of --sql TEXT, --file PATH (- for stdin)");
        }

        if (sql == Stdin || file == Stdin)
        {
            return (await stdin.ReadToEndAsync(cancellationToken).ConfigureAwait(false), null);
        }

        if (sql is not null)
        {
            return (sql, null);
        }

        try
        {
            return (await File.ReadAllTextAsync(file!, cancellationToken).ConfigureAwait(false), null);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return (null, $"cannot read {file}: {ex.Message}");
        }
    }
}
