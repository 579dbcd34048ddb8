namespace MaskingProxy.Proxy.Tests.Infrastructure;

/// <summary>Exit code and captured output of a finished external program.</summary>
public sealed record ProcessResult(string CommandLine, int ExitCode, string StandardOutput, string StandardError)
{
    public bool Succeeded => ExitCode == 0;

    /// <summary>Everything a failure message needs, so a CI log alone explains what went wrong.</summary>
    public string Describe() =>
        $"`{CommandLine}` exited with {ExitCode}.{Environment.NewLine}" +
        $"--- stdout ---{Environment.NewLine}{StandardOutput.TrimEnd()}{Environment.NewLine}" +
        $"--- stderr ---{Environment.NewLine}{StandardError.TrimEnd()}";
}
