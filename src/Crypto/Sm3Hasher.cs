using System.Buffers.Binary;

namespace MaskingProxy.Crypto;

/// <summary>
/// Reusable incremental SM3 (GB/T 32905-2016) over <see cref="Sm3Compression"/>. Not thread-safe:
/// one per writer/verifier worker. No allocation after construction.
/// <para>
/// Replaces BouncyCastle's SM3Digest on the hot paths: 10–20 % faster per record, span-based,
/// and it lets <see cref="HmacSm3"/> keep its keyed states (docs/audit-format.md §15). Checked
/// against BouncyCastle on every length up to 300 bytes, on random inputs split at random points
/// (FsCheck) and on 1 MiB, and against the standard's known answers (tests/AuditLog.Tests/Crypto).
/// </para>
/// </summary>
public sealed class Sm3Hasher
{
    private readonly uint[] _state = new uint[8];
    private readonly uint[] _w = new uint[Sm3Compression.ScratchWords];
    private readonly byte[] _buffer = new byte[Sm3Compression.BlockSize];
    private int _buffered;
    private long _length;

    public Sm3Hasher() => Reset();

    public void Append(byte[] buffer, int offset, int count) => Append(buffer.AsSpan(offset, count));

    public void Append(ReadOnlySpan<byte> data)
    {
        _length += data.Length;
        if (_buffered > 0)
        {
            var take = Math.Min(data.Length, Sm3Compression.BlockSize - _buffered);
            data[..take].CopyTo(_buffer.AsSpan(_buffered));
            _buffered += take;
            data = data[take..];
            if (_buffered < Sm3Compression.BlockSize)
            {
                return;
            }

            Sm3Compression.Compress(_state, _buffer, _w);
            _buffered = 0;
        }

        var whole = data.Length & ~(Sm3Compression.BlockSize - 1);
        if (whole > 0)
        {
            Sm3Compression.Compress(_state, data[..whole], _w);
            data = data[whole..];
        }

        data.CopyTo(_buffer);
        _buffered = data.Length;
    }

    public void Append(byte value) => Append([value]);

    /// <summary>Writes the digest and resets the state for the next message.</summary>
    public void Finish(Span<byte> destination)
    {
        if (destination.Length < Sm3.HashSize)
        {
            throw new ArgumentException("Destination must hold 32 bytes.", nameof(destination));
        }

        // Padding (§5.2): 0x80, zeros to 56 mod 64, the message length in bits as a 64-bit big-endian integer.
        var bits = (ulong)_length * 8;
        _buffer[_buffered++] = 0x80;
        if (_buffered > 56)
        {
            _buffer.AsSpan(_buffered).Clear();
            Sm3Compression.Compress(_state, _buffer, _w);
            _buffered = 0;
        }

        _buffer.AsSpan(_buffered, 56 - _buffered).Clear();
        BinaryPrimitives.WriteUInt64BigEndian(_buffer.AsSpan(56), bits);
        Sm3Compression.Compress(_state, _buffer, _w);
        for (var i = 0; i < 8; i++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(i * 4, 4), _state[i]);
        }

        Reset();
    }

    public void Reset()
    {
        Sm3Compression.InitialValue.CopyTo(_state);
        _buffered = 0;
        _length = 0;
    }

    /// <summary>The chaining state after whole blocks only (HMAC precomputes its keyed inner and outer states with it).</summary>
    internal void ExportState(Span<uint> state, out long length)
    {
        if (_buffered != 0)
        {
            throw new InvalidOperationException("State is exportable only on a block boundary.");
        }

        _state.CopyTo(state);
        length = _length;
    }

    /// <summary>Restores a state from <see cref="ExportState"/>.</summary>
    internal void ImportState(ReadOnlySpan<uint> state, long length)
    {
        state.CopyTo(_state);
        _buffered = 0;
        _length = length;
    }
}
