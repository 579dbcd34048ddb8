using System.Diagnostics;

namespace MaskingProxy.AuditLog.Tests.Support;

internal static class OpenSsl
{
    private static readonly Lazy<bool> IsAvailable = new(() =>
    {
        try
        {
            var (code, output) = Run("version", null);
            return code == 0 && output.StartsWith("OpenSSL 3", StringComparison.Ordinal);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    });

    public static bool Available => IsAvailable.Value;

    public static (int ExitCode, string Output) Run(string arguments, byte[]? stdin)
    {
        var psi = new ProcessStartInfo("openssl", arguments)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(psi)!;
        if (stdin is not null)
        {
            process.StandardInput.BaseStream.Write(stdin);
        }

        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output.Trim());
    }
}
