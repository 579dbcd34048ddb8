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

    // Batch state (Evaluate of a block range), created on first use: the chain cursor's instance checks single lines only.
    private LineHasher? _lines;
    private byte[] _macInput = [];
    private byte[] _macOutput = [];
    private int[] _macLines = [];

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

    /// <summary>
    /// Checks every line in [lo, hi) that parsed, each hashed with its <see cref="LineBlock.Prev"/>:
    /// sets <see cref="LineBlock.Crypto"/> and <see cref="LineBlock.SignatureVerified"/>. Hashes and
    /// MACs are computed sixteen lines at a time where <see cref="LineHasher.IsSupported"/>.
    /// </summary>
    public void Evaluate(LineBlock block, int lo, int hi)
    {
        if (!LineHasher.IsSupported)
        {
            for (var i = lo; i < hi; i++)
            {
                if (block.ParseError[i] is null)
                {
                    block.Crypto[i] = Evaluate(block.Data, block.Start[i], block.Length[i], block.Parsed[i], block.Prev[i], out block.SignatureVerified[i]);
                }
            }

            return;
        }

        if (_lines is null)
        {
            _lines = new LineHasher();
            _macInput = new byte[LineBlock.MaxLines * HmacSm3.MacSize];
            _macOutput = new byte[LineBlock.MaxLines * HmacSm3.MacSize];
            _macLines = new int[LineBlock.MaxLines];
        }

        _lines.Hash(block, lo, hi);
        var macs = 0;
        for (var i = lo; i < hi; i++)
        {
            if (block.ParseError[i] is not null)
            {
                continue;
            }

            if (!((ReadOnlySpan<byte>)block.Computed[i]).SequenceEqual(block.Parsed[i].Hash))
            {
                block.Crypto[i] = LineCheck.HashMismatch;
            }
            else if (_hmac is null)
            {
                block.Crypto[i] = Signature(block, i);
            }
            else
            {
                ((ReadOnlySpan<byte>)block.Computed[i]).CopyTo(_macInput.AsSpan(macs * HmacSm3.MacSize));
                _macLines[macs++] = i;
            }
        }

        _hmac?.ComputeOfHashes(_macInput.AsSpan(0, macs * HmacSm3.MacSize), _macOutput);
        for (var m = 0; m < macs; m++)
        {
            var i = _macLines[m];
            block.Crypto[i] = CryptographicOperations.FixedTimeEquals(_macOutput.AsSpan(m * HmacSm3.MacSize, HmacSm3.MacSize), block.Parsed[i].Mac)
                ? Signature(block, i)
                : LineCheck.MacMismatch;
        }
    }

    /// <summary>A checkpoint's signature over its (verified) hash; other lines pass.</summary>
    private LineCheck Signature(LineBlock block, int i)
    {
        ref readonly var parsed = ref block.Parsed[i];
        if (parsed.Kind != LineKind.Checkpoint || _publicKey is null)
        {
            return LineCheck.Ok;
        }

        var line = block.Line(i);
        if (!line[parsed.KeyId].SequenceEqual(_keyId) || !_publicKey.Verify(block.Computed[i], Convert.FromHexString(line[parsed.Sig])))
        {
            return LineCheck.BadSignature;
        }

        block.SignatureVerified[i] = true;
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
