using System.Text;
using MaskingProxy.AuditLog.Crypto;
using MaskingProxy.AuditLog.Records;

namespace MaskingProxy.AuditLog.Verify;

/// <summary>
/// Walks one chain in order: chain id, sequence number, the hash link, the head a checkpoint names
/// and the prev_hash a segment record repeats. The cryptographic part is <see cref="LineCrypto"/>:
/// either done here, a line at a time (<see cref="Check"/>: the scalar reference the tests walk
/// chains with), or precomputed in blocks by parallel workers (<see cref="Accept"/>: the verifier
/// and the writer's start-up scan).
/// Not thread-safe.
/// </summary>
internal sealed class ChainCursor
{
    private readonly LineCrypto _crypto;
    private readonly string _keyId;
    private byte[] _chainId = [];
    private Bytes32 _prevHash;

    public ChainCursor(ReadOnlySpan<byte> hmacKey, Sm2PublicKey? publicKey)
    {
        _crypto = new LineCrypto(hmacKey, publicKey);
        _keyId = publicKey?.KeyId ?? "(none)";
    }

    public bool Started { get; private set; }

    public string ChainId => Encoding.ASCII.GetString(_chainId);

    public ReadOnlySpan<byte> ChainIdBytes => _chainId;

    public long NextSeq { get; private set; }

    public ReadOnlySpan<byte> PrevHash => _prevHash;

    /// <summary>Seq of the last checkpoint accepted (signature checked when a public key is known).</summary>
    public long LastCheckpointSeq { get; private set; }

    public int CheckpointsVerified { get; private set; }

    /// <summary>True when the last accepted line was a shutdown checkpoint.</summary>
    public bool AtShutdownCheckpoint { get; private set; }

    /// <summary>Starts a chain at <paramref name="nextSeq"/> after a record whose hash is <paramref name="prevHash"/>.</summary>
    public void Start(ReadOnlySpan<byte> chainId, long nextSeq, ReadOnlySpan<byte> prevHash)
    {
        _chainId = chainId.ToArray();
        NextSeq = nextSeq;
        prevHash.CopyTo(_prevHash);
        LastCheckpointSeq = nextSeq - 1;
        AtShutdownCheckpoint = false;
        Started = true;
    }

    /// <summary>Checks a line completely and, if good, advances.</summary>
    public LineCheck Check(byte[] buffer, int start, int length, in SealedLine parsed, out string detail)
    {
        var pre = PreCheck(buffer.AsSpan(start, length), parsed, out detail);
        if (pre != LineCheck.Ok)
        {
            return pre;
        }

        var crypto = _crypto.Evaluate(buffer, start, length, parsed, _prevHash, out var verified);
        return Accept(parsed, crypto, verified, out detail);
    }

    /// <summary>
    /// Checks a line whose crypto result was computed with the previous line's stored hash as
    /// prev_hash (equal to ours whenever that line was accepted) and, if good, advances.
    /// </summary>
    public LineCheck Accept(byte[] buffer, int start, int length, in SealedLine parsed, LineCheck crypto, bool signatureVerified, out string detail)
    {
        var pre = PreCheck(buffer.AsSpan(start, length), parsed, out detail);
        return pre != LineCheck.Ok ? pre : Accept(parsed, crypto, signatureVerified, out detail);
    }

    private LineCheck PreCheck(ReadOnlySpan<byte> line, in SealedLine parsed, out string detail)
    {
        if (!line[parsed.Chain].SequenceEqual(_chainId))
        {
            detail = $"record belongs to chain '{Encoding.ASCII.GetString(line[parsed.Chain])}', expected '{ChainId}'";
            return LineCheck.ChainMismatch;
        }

        if (parsed.Seq != NextSeq)
        {
            detail = $"sequence number {parsed.Seq} where {NextSeq} was expected";
            return LineCheck.SeqMismatch;
        }

        detail = string.Empty;
        return LineCheck.Ok;
    }

    private LineCheck Accept(in SealedLine parsed, LineCheck crypto, bool signatureVerified, out string detail)
    {
        if (crypto != LineCheck.Ok)
        {
            detail = LineCrypto.Describe(crypto, _keyId);
            return crypto;
        }

        if (parsed.Kind == LineKind.Checkpoint)
        {
            if (parsed.HeadSeq != NextSeq - 1 || !((ReadOnlySpan<byte>)parsed.HeadHash).SequenceEqual(_prevHash))
            {
                detail = "checkpoint names a chain head other than the record before it";
                return LineCheck.HashMismatch;
            }

            LastCheckpointSeq = parsed.Seq;
            CheckpointsVerified += signatureVerified ? 1 : 0;
        }
        else if (parsed.Kind == LineKind.Segment && !((ReadOnlySpan<byte>)parsed.SegmentPrevHash).SequenceEqual(_prevHash))
        {
            detail = "segment record's prev_hash is not the hash of the previous record";
            return LineCheck.HashMismatch;
        }

        AtShutdownCheckpoint = parsed.IsShutdownCheckpoint;
        ((ReadOnlySpan<byte>)parsed.Hash).CopyTo(_prevHash);
        NextSeq++;
        detail = string.Empty;
        return LineCheck.Ok;
    }
}
