using MaskingProxy.AuditLog.Crypto;
using MaskingProxy.Proxy.Tests.Infrastructure;

namespace MaskingProxy.Proxy.Tests.AuditTrail;

/// <summary>
/// <c>maskingproxy audit verify</c> run as the real executable, exactly as an auditor runs it after
/// the fact: with the HMAC key (MACs) and only the public half of the signing key (checkpoints).
/// </summary>
internal static class AuditVerifyCli
{
    public static Task<ProcessResult> RunAsync(string directory, KeyFilePaths keys, bool allowOpenTail = false)
    {
        List<string> args =
        [
            Path.Combine(AppContext.BaseDirectory, "maskingproxy.dll"),
            "audit", "verify", "--dir", directory, "--key", keys.HmacKey, "--public-key", keys.PublicKey,
        ];
        if (allowOpenTail)
        {
            args.Add("--allow-open-tail");
        }

        return ProcessRunner.RunAsync("dotnet", args, AppContext.BaseDirectory, timeout: TimeSpan.FromMinutes(1));
    }
}
