using System.Runtime.CompilerServices;
using System.Buffers;

namespace MaskingProxy.Proxy.Transport;

/// <summary>
/// Buffered reader over one leg of a connection. Bytes arrive into a pooled buffer; callers frame
/// messages out of <see cref="Buffered"/> and <see cref="Consume"/> what they handled. The buffer only
/// grows when a caller asks for a larger contiguous message, and never past the caller's limit.
/// </summary>
public sealed class WireReader : IDisposable
{
    private readonly Stream _stream;
    private readonly int _initialSize;
    private byte[] _buffer;
    private int _start;
    private int _end;

    public WireReader(Stream stream, int initialSize = 32 * 1024)
    {
        _stream = stream;
        _initialSize = initialSize;
        _buffer = ArrayPool<byte>.Shared.Rent(initialSize);
    }

    public int Count => _end - _start;

    public ReadOnlySpan<byte> Buffered => _buffer.AsSpan(_start, _end - _start);

    public ReadOnlyMemory<byte> BufferedMemory => _buffer.AsMemory(_start, _end - _start);

    public void Consume(int count)
    {
        _start += count;
        if (_start == _end)
        {
            _start = _end = 0;
        }
    }

    /// <summary>
    /// Starts one read into the free space after the buffered bytes. The caller awaits it and hands
    /// the count to <see cref="Advance"/> before touching the reader again: a caller that awaits the
    /// read itself resumes straight from the socket's completion, with no async layer of the
    /// reader's own (a state machine and a continuation) per received packet.
    /// </summary>
    public ValueTask<int> ReadOnceAsync(CancellationToken cancellationToken = default)
    {
        if (_end == _buffer.Length)
        {
            MakeRoom(_end - _start + 1);
        }
        return _stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken);
    }

    /// <summary>Takes in the <paramref name="count"/> bytes a <see cref="ReadOnceAsync"/> read; false at end of stream (0).</summary>
    public bool Advance(int count)
    {
        _end += count;
        return count > 0;
    }

    /// <summary>Reads until at least <paramref name="count"/> bytes are buffered; false at end of stream.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<bool> EnsureAsync(int count, CancellationToken cancellationToken = default)
    {
        if (count > _buffer.Length - _start)
        {
            MakeRoom(count);
        }
        while (_end - _start < count)
        {
            if (!Advance(await ReadOnceAsync(cancellationToken).ConfigureAwait(false)))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>Releases a buffer that grew for one large message once it is no longer needed.</summary>
    public void ShrinkIfIdle()
    {
        if (_start == _end && _buffer.Length > _initialSize * 4)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = ArrayPool<byte>.Shared.Rent(_initialSize);
            _start = _end = 0;
        }
    }

    public void Dispose()
    {
        var buffer = _buffer;
        _buffer = [];
        _start = _end = 0;
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Ensures <paramref name="contiguous"/> bytes fit from the start of the buffered data.</summary>
    private void MakeRoom(int contiguous)
    {
        var count = _end - _start;
        if (contiguous <= _buffer.Length)
        {
            _buffer.AsSpan(_start, count).CopyTo(_buffer);
        }
        else
        {
            var next = ArrayPool<byte>.Shared.Rent(contiguous);
            _buffer.AsSpan(_start, count).CopyTo(next);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = next;
        }
        _start = 0;
        _end = count;
    }
}
