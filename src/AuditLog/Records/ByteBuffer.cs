using System.Buffers;

namespace MaskingProxy.AuditLog.Records;

/// <summary>
/// A growable byte buffer backed by <see cref="ArrayPool{T}"/>, reused across records so that
/// serializing and sealing a record does not allocate. Not thread-safe.
/// </summary>
internal sealed class ByteBuffer : IDisposable
{
    private byte[] _array;

    public ByteBuffer(int initialCapacity = 1024) => _array = ArrayPool<byte>.Shared.Rent(initialCapacity);

    public int Length { get; private set; }

    public byte[] Array => _array;

    public ReadOnlySpan<byte> Span => _array.AsSpan(0, Length);

    public ReadOnlyMemory<byte> Memory => _array.AsMemory(0, Length);

    public void Clear() => Length = 0;

    /// <summary>Drops everything after <paramref name="length"/> (used to roll back a partial line).</summary>
    public void Truncate(int length)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, Length);
        Length = length;
    }

    public Span<byte> GetSpan(int sizeHint)
    {
        Ensure(sizeHint);
        return _array.AsSpan(Length);
    }

    public void Advance(int count) => Length += count;

    public void Write(byte value)
    {
        Ensure(1);
        _array[Length++] = value;
    }

    public void Write(ReadOnlySpan<byte> data)
    {
        Ensure(data.Length);
        data.CopyTo(_array.AsSpan(Length));
        Length += data.Length;
    }

    public void WriteInt64(long value)
    {
        var span = GetSpan(20);
        if (!System.Buffers.Text.Utf8Formatter.TryFormat(value, span, out var written))
        {
            throw new InvalidOperationException("unreachable: 20 bytes hold any Int64");
        }

        Advance(written);
    }

    public void WriteHex(ReadOnlySpan<byte> data)
    {
        var span = GetSpan(data.Length * 2);
        Convert.TryToHexStringLower(data, span, out var written);
        Advance(written);
    }

    public void Dispose()
    {
        var array = _array;
        _array = [];
        Length = 0;
        if (array.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(array);
        }
    }

    private void Ensure(int extra)
    {
        if (Length + extra <= _array.Length)
        {
            return;
        }

        var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(_array.Length * 2, Length + extra));
        _array.AsSpan(0, Length).CopyTo(bigger);
        if (_array.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_array);
        }

        _array = bigger;
    }
}
