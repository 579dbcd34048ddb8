using System.CommandLine;
using MaskingProxy.AuditLog.Crypto;

namespace MaskingProxy.Proxy.Cli;

/// <summary>
/// <c>maskingproxy keys init --out DIR [--force]</c>: a fresh SM2 key pair and HMAC-SM3 key for the
/// audit log (docs/audit-format.md §10). Exit 0 on success, 1 when key files already exist (they are
/// never overwritten without --force: replacing the keys of a live log breaks its verification),
/// 2 when the directory cannot be written.
/// </summary>
public static class KeysCommand
{
    public static Command Create()
    {
        var output = new Option<string>("--out", "-o")
        {
            Description = "Directory for audit.key, audit-sm2.pem and audit-sm2.pub.pem (created 0700 if missing).",
            Required = true,
        };
        var force = new Option<bool>("--force")
        {
            Description = "Overwrite existing key files (the existing audit log then no longer verifies with the new keys).",
        };
        var init = new Command("init", "Create the audit HMAC key and SM2 signing key pair.") { output, force };
        init.SetAction((result, ct) => InitAsync(result, result.GetValue(output)!, result.GetValue(force)));
        return new Command("keys", "Manage audit keys.") { init };
    }

    private static async Task<int> InitAsync(ParseResult result, string directory, bool force)
    {
        var stdout = result.InvocationConfiguration.Output;
        var stderr = result.InvocationConfiguration.Error;
        try
        {
            var paths = AuditKeyFiles.Init(directory, overwrite: force);
            var keys = KeyMaterial.Load(paths.HmacKey, paths.SigningKey, paths.PublicKey);
            await stdout.WriteLineAsync($"HMAC-SM3 key:    {paths.HmacKey} (0600)").ConfigureAwait(false);
            await stdout.WriteLineAsync($"SM2 signing key: {paths.SigningKey} (0600)").ConfigureAwait(false);
            await stdout.WriteLineAsync($"SM2 public key:  {paths.PublicKey} (0644)").ConfigureAwait(false);
            await stdout.WriteLineAsync($"key_id:          {keys.PublicKey!.KeyId}").ConfigureAwait(false);
            return 0;
        }
        catch (AuditKeyException ex) when (ex.InnerException is null)
        {
            await stderr.WriteLineAsync($"maskingproxy keys init: {ex.Message} (use --force to replace them)").ConfigureAwait(false);
            return 1;
        }
        catch (Exception ex) when (ex is AuditKeyException or IOException or UnauthorizedAccessException)
        {
            await stderr.WriteLineAsync($"maskingproxy keys init: {ex.Message}").ConfigureAwait(false);
            return 2;
        }
    }
}
