using MaskingProxy.AuditLog.Crypto;

namespace MaskingProxy.AuditLog.Verify;

/// <summary>
/// Verifies an audit directory: segment continuity, sequence continuity per chain, every hash
/// link, every MAC (with the HMAC key), every checkpoint signature (with the public key), and the
/// tail rule (docs/audit-format.md): a log that no writer holds must end with a shutdown
/// checkpoint, otherwise records after it may have been cut. Stops at the first problem and
/// reports its sequence number, segment, offset and reason.
/// <para>
/// What each key adds: without keys only the hash chain is checked (anyone can recompute it);
/// the public key makes every record up to the last checkpoint unforgeable; the HMAC key also
/// covers the records after it.
/// </para>
/// </summary>
public static class AuditVerifier
{
    /// <param name="directory">The audit directory (segment files audit-NNNNNN.jsonl).</param>
    /// <param name="keys">HMAC key and/or public key; either may be absent (see remarks).</param>
    public static VerifyResult Verify(string directory, KeyMaterial? keys, VerifyOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(directory);
        options ??= new VerifyOptions();
        if (!Directory.Exists(directory))
        {
            return Unusable($"Audit directory {directory} does not exist.");
        }

        try
        {
            using var run = new VerificationRun(directory, keys, options);
            return run.Execute();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return Unusable($"Cannot read {directory}: {ex.Message}");
        }
    }

    internal static VerifyResult Unusable(string message) => new() { Outcome = VerifyOutcome.Unusable, Message = message };
}
