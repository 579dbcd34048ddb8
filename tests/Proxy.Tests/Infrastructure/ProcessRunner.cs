using System.Diagnostics;

namespace MaskingProxy.Proxy.Tests.Infrastructure;

/// <summary>Runs external programs (initdb, pg_ctl, psql, ...) to completion with captured output.</summary>
public static class ProcessRunner
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(2);

    /// <param name="asServiceUser">
    /// Run through <see cref="ServiceUser"/>: PostgreSQL refuses to run as root, so when the tests run as
    /// root the program is started as the unprivileged cluster owner instead.
    /// </param>
    /// <param name="standardInput">
    /// Text fed to the program. Stdin is always redirected (and closed) so that a child never waits on
    /// the test host's terminal.
    /// </param>
    public static async Task<ProcessResult> RunAsync(
        string fileName,
        IEnumerable<string> arguments,
        string workingDirectory,
        bool asServiceUser = false,
        string? standardInput = null,
        TimeSpan? timeout = null,
        CancellationToken cancellationToken = default)
    {
        var args = arguments.ToList();
        if (asServiceUser)
        {
            (fileName, args) = ServiceUser.Wrap(fileName, args);
        }

        var startInfo = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            startInfo.ArgumentList.Add(arg);
        }

        // libpq reads PG* variables (PGSSLMODE, PGPASSWORD, PGHOST, ...) from the environment; whatever
        // the developer or CI has set must not change what the fixture's own psql/pg_ctl calls do.
        foreach (var name in startInfo.Environment.Keys.Where(k => k.StartsWith("PG", StringComparison.Ordinal)).ToList())
        {
            startInfo.Environment.Remove(name);
        }

        startInfo.Environment["LC_ALL"] = "C";

        var commandLine = string.Join(' ', args.Prepend(fileName));
        using var process = Process.Start(startInfo)
            ?? throw new InvalidOperationException($"Could not start `{commandLine}`.");

        var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);

        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout ?? DefaultTimeout);
        try
        {
            if (standardInput is not null)
            {
                await process.StandardInput.WriteAsync(standardInput.AsMemory(), timeoutSource.Token);
            }

            process.StandardInput.Close();
            await process.WaitForExitAsync(timeoutSource.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException(
                $"`{commandLine}` did not finish within {timeout ?? DefaultTimeout}.");
        }

        return new ProcessResult(commandLine, process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Like <see cref="RunAsync"/> but throws with the full output when the exit code is not 0.</summary>
    public static async Task<ProcessResult> RunCheckedAsync(
        string fileName,
        IEnumerable<string> arguments,
        string workingDirectory,
        bool asServiceUser = false,
        string? standardInput = null,
        TimeSpan? timeout = null,
        CancellationToken cancellationToken = default)
    {
        var result = await RunAsync(fileName, arguments, workingDirectory, asServiceUser, standardInput, timeout, cancellationToken);
        return result.Succeeded ? result : throw new InvalidOperationException(result.Describe());
    }
}
