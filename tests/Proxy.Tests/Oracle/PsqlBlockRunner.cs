using System.Text.RegularExpressions;
using MaskingProxy.Proxy.Tests.Infrastructure;

namespace MaskingProxy.Proxy.Tests.Oracle;

/// <summary>
/// Runs one corpus block with psql -c: libpq sends the whole block as one simple Query message (the
/// corpus's own format), results arrive in text format, and psql prints every result, COPY data,
/// notices, notifications and errors. All of its output is searched as one channel.
/// </summary>
public static partial class PsqlBlockRunner
{
    public static async Task<ClientOutput> RunAsync(PostgresServer postgres, string connInfo, string block)
    {
        ArgumentNullException.ThrowIfNull(postgres);
        // VERBOSITY=verbose prints the SQLSTATE and, for errors raised by PostgreSQL, a LOCATION line;
        // the proxy's own errors (denials, withheld texts) carry no source location.
        var result = await ProcessRunner.RunAsync(
            Path.Combine(postgres.BinDir, "psql"),
            ["-X", "-w", "-A", "-v", "VERBOSITY=verbose", "-d", connInfo, "-c", block],
            Path.GetTempPath(),
            timeout: TimeSpan.FromSeconds(60));
        var error = ErrorLine().Match(result.StandardError);
        var sqlState = error.Success ? error.Groups["state"].Value : null;
        if (sqlState is null && result.ExitCode != 0)
        {
            throw new InvalidOperationException("psql failed without a server error: " + result.Describe());
        }

        var output = new ClientOutput();
        output.AddPsqlOutput(
            result.StandardOutput + "\u0001" + result.StandardError,
            sqlState,
            error.Success ? error.Groups["message"].Value : null,
            fromDatabase: result.StandardError.Contains("LOCATION:", StringComparison.Ordinal));
        return output;
    }

    [GeneratedRegex(@"^ERROR:\s+(?<state>[0-9A-Z]{5}):\s*(?<message>.*)$", RegexOptions.Multiline)]
    private static partial Regex ErrorLine();
}
