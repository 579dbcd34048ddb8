using System.Security.Cryptography;
using System.Text;
using MaskingProxy.Crypto;
using MaskingProxy.AuditLog.Crypto;
using MaskingProxy.AuditLog.Records;

namespace MaskingProxy.AuditLog.Verify;

/// <summary>
/// The expensive, position-independent part of checking a line: its hash given the previous
/// record's hash, its MAC, and a checkpoint's signature. Independent per line, so the verifier runs
/// one instance per worker over disjoint ranges. Not thread-safe.
/// </summary>
internal sealed class LineCrypto
{
    private readonly Sm3Hasher _sm3 = new();
    private readonly HmacSm3? _hmac;
    private readonly Sm2PublicKey? _publicKey;
    private readonly byte[] _keyId;
    private readonly byte[] _computed = new byte[32];
    private readonly byte[] _mac = new byte[32];

    public LineCrypto(ReadOnlySpan<byte> hmacKey, Sm2PublicKey? publicKey)
    {
        _hmac = hmacKey.IsEmpty ? null : new HmacSm3(hmacKey);
        _publicKey = publicKey;
        _keyId = publicKey is null ? [] : Encoding.ASCII.GetBytes(publicKey.KeyId);
    }

    /// <summary>Checks hash, MAC and signature of the line at <paramref name="buffer"/>[<paramref name="start"/>..].</summary>
    /// <returns><see cref="LineCheck.Ok"/>, <see cref="LineCheck.HashMismatch"/>, <see cref="LineCheck.MacMismatch"/> or <see cref="LineCheck.BadSignature"/>.</returns>
    public LineCheck Evaluate(byte[] buffer, int start, int length, in SealedLine parsed, ReadOnlySpan<byte> prevHash, out bool signatureVerified)
    {
        signatureVerified = false;
        _sm3.Append(prevHash);
        _sm3.Append(buffer, start, parsed.CanonicalLength);
        _sm3.Append((byte)'}');
        _sm3.Finish(_computed);
        if (!_computed.AsSpan().SequenceEqual(parsed.Hash))
        {
            return LineCheck.HashMismatch;
        }

        if (_hmac is not null)
        {
            _hmac.Compute(_computed, _mac);
            if (!CryptographicOperations.FixedTimeEquals(_mac, parsed.Mac))
            {
                return LineCheck.MacMismatch;
            }
        }

        if (parsed.Kind == LineKind.Checkpoint && _publicKey is not null)
        {
            var line = buffer.AsSpan(start, length);
            if (!line[parsed.KeyId].SequenceEqual(_keyId) || !_publicKey.Verify(_computed, Convert.FromHexString(line[parsed.Sig])))
            {
                return LineCheck.BadSignature;
            }

            signatureVerified = true;
        }

        return LineCheck.Ok;
    }

    public static string Describe(LineCheck check, string keyId) => check switch
    {
        LineCheck.HashMismatch => "stored hash does not match SM3(prev_hash || canonical record): the record was modified, or the record before it is missing or changed",
        LineCheck.MacMismatch => "MAC does not match: the record was written or re-hashed without the audit key",
        LineCheck.BadSignature => $"SM2 checkpoint signature does not verify with public key {keyId} (or the checkpoint names another key)",
        _ => check.ToString(),
    };
}
