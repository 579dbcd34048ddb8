using System.Text;
using MaskingProxy.Crypto;
using MaskingProxy.AuditLog.Crypto;

namespace MaskingProxy.AuditLog.Records;

/// <summary>
/// Appends sealed lines to a chain:
/// <c>hash = SM3(prev_hash || canonical)</c> (prev_hash of a chain's first record: 32 zero bytes),
/// <c>mac = HMAC-SM3(key, hash)</c>, and for checkpoints <c>sig = SM2-Sign(hash)</c>.
/// The line is the canonical JSON with its closing brace replaced by
/// <c>,"hash":"HEX","mac":"HEX"[,"sig":"HEX"]}</c> and a line feed. Not thread-safe: the writer
/// thread owns it.
/// </summary>
internal sealed class ChainSealer : IDisposable
{
    private readonly byte[] _chainId;
    private readonly Sm3Hasher _sm3 = new();
    private readonly HmacSm3 _hmac;
    private readonly Sm2Signer? _signer;
    private readonly byte[] _lastHash = new byte[Sm3.HashSize];
    private readonly byte[] _mac = new byte[HmacSm3.MacSize];
    private readonly ByteBuffer _scratchBody = new();

    // Lines sealed without their MAC yet: where each MAC's hex goes in the output, and the hashes to MAC.
    private readonly List<int> _deferred = [];
    private readonly ByteBuffer _deferredHashes = new(64 * Sm3.HashSize);
    private readonly ByteBuffer _deferredMacs = new(64 * HmacSm3.MacSize);

    public ChainSealer(string chainId, long nextSeq, ReadOnlySpan<byte> lastHash, ReadOnlySpan<byte> hmacKey, Sm2Signer? signer)
    {
        if (!Records.ChainId.IsValid(chainId))
        {
            throw new ArgumentException("Invalid chain id.", nameof(chainId));
        }

        ChainId = chainId;
        _chainId = Encoding.ASCII.GetBytes(chainId);
        NextSeq = nextSeq;
        lastHash.CopyTo(_lastHash);
        _hmac = new HmacSm3(hmacKey);
        _signer = signer;
    }

    public string ChainId { get; }

    public long NextSeq { get; private set; }

    public ReadOnlySpan<byte> LastHash => _lastHash;

    public long RecordsSinceCheckpoint { get; private set; }

    public ChainPosition Position => new(NextSeq, (byte[])_lastHash.Clone(), RecordsSinceCheckpoint);

    public void Restore(ChainPosition position)
    {
        DropDeferred(); // the lines they belong to are discarded with the position
        NextSeq = position.NextSeq;
        position.LastHash.CopyTo(_lastHash, 0);
        RecordsSinceCheckpoint = position.SinceCheckpoint;
    }

    /// <summary>Seals a pre-serialized body (see <see cref="RecordSerializer.WriteBody"/>); returns its seq.</summary>
    public long Seal(ReadOnlySpan<byte> body, int split, ByteBuffer output)
    {
        var seq = NextSeq;
        var start = output.Length;
        RecordSerializer.Compose(_chainId, seq, body, split, output);
        Finish(output, start, signature: false);
        RecordsSinceCheckpoint++;
        return seq;
    }

    /// <summary>
    /// Seals a pre-serialized body like <see cref="Seal(ReadOnlySpan{byte}, int, ByteBuffer)"/> but
    /// leaves its MAC for <see cref="CompleteMacs"/>: a MAC needs only its own record's hash
    /// (docs/audit-format.md §5), so the MACs of a batch are computed together, sixteen at a time.
    /// The output is not a valid line until then.
    /// </summary>
    public long SealDeferringMac(ReadOnlySpan<byte> body, int split, ByteBuffer output)
    {
        var seq = NextSeq;
        var start = output.Length;
        RecordSerializer.Compose(_chainId, seq, body, split, output);
        Hash(output, start);
        IntegrityMembers.Append(output, _lastHash, _mac, null);
        _deferred.Add(output.Length - 2 - (2 * HmacSm3.MacSize)); // the MAC's hex digits, before the closing quote and brace
        _deferredHashes.Write(_lastHash);
        output.Write((byte)'\n');
        NextSeq++;
        RecordsSinceCheckpoint++;
        return seq;
    }

    /// <summary>Writes the MACs of the lines sealed by <see cref="SealDeferringMac"/> into <paramref name="output"/>.</summary>
    public void CompleteMacs(ByteBuffer output)
    {
        if (_deferred.Count == 0)
        {
            return;
        }

        var macs = _deferredMacs.GetSpan(_deferredHashes.Length);
        _hmac.ComputeOfHashes(_deferredHashes.Span, macs);
        for (var i = 0; i < _deferred.Count; i++)
        {
            Convert.TryToHexStringLower(macs.Slice(i * HmacSm3.MacSize, HmacSm3.MacSize), output.Array.AsSpan(_deferred[i], 2 * HmacSm3.MacSize), out _);
        }

        DropDeferred();
    }

    /// <summary>Serializes and seals a record (writer-generated records).</summary>
    public long Seal(AuditRecord record, DateTimeOffset timestamp, ByteBuffer output)
    {
        _scratchBody.Clear();
        var split = RecordSerializer.WriteBody(record, timestamp, _scratchBody);
        return Seal(_scratchBody.Span, split, output);
    }

    /// <summary>Seals a signed checkpoint over the current head; resets the since-checkpoint count.</summary>
    public long SealCheckpoint(CheckpointReason reason, DateTimeOffset timestamp, ByteBuffer output)
    {
        if (_signer is null)
        {
            throw new InvalidOperationException("No signing key: checkpoints cannot be written.");
        }

        var checkpoint = new CheckpointRecord
        {
            HeadSeq = NextSeq - 1,
            HeadHash = Convert.ToHexStringLower(_lastHash),
            KeyId = _signer.PublicKey.KeyId,
            Reason = reason,
            Records = RecordsSinceCheckpoint,
        };
        _scratchBody.Clear();
        var split = RecordSerializer.WriteBody(checkpoint, timestamp, _scratchBody);
        var seq = NextSeq;
        var start = output.Length;
        RecordSerializer.Compose(_chainId, seq, _scratchBody.Span, split, output);
        Finish(output, start, signature: true);
        RecordsSinceCheckpoint = 0;
        return seq;
    }

    public void Dispose()
    {
        _scratchBody.Dispose();
        _deferredHashes.Dispose();
        _deferredMacs.Dispose();
    }

    /// <summary>hash = SM3(prev_hash ‖ canonical), the canonical record being output[start..].</summary>
    private void Hash(ByteBuffer output, int start)
    {
        _sm3.Append(_lastHash);
        _sm3.Append(output.Array, start, output.Length - start);
        _sm3.Finish(_lastHash);
    }

    private void DropDeferred()
    {
        _deferred.Clear();
        _deferredHashes.Clear();
    }

    private void Finish(ByteBuffer output, int start, bool signature)
    {
        Hash(output, start);
        _hmac.Compute(_lastHash, _mac);

        IntegrityMembers.Append(output, _lastHash, _mac, signature ? _signer!.Sign(_lastHash) : null);
        output.Write((byte)'\n');
        NextSeq++;
    }
}
