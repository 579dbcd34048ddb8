using MaskingProxy.Proxy.Transport;
using Xunit;

namespace MaskingProxy.Proxy.Tests.Transport;

public sealed class WireReaderTests
{
    [Fact]
    public async Task ReadOnceAsync_ThenAdvance_AppendsAfterWhatIsBuffered()
    {
        using var reader = new WireReader(new ChunkStream([1, 2, 3], [4, 5]), initialSize: 16);

        Assert.True(reader.Advance(await reader.ReadOnceAsync()));
        Assert.True(reader.Advance(await reader.ReadOnceAsync()));

        Assert.Equal(new byte[] { 1, 2, 3, 4, 5 }, reader.Buffered.ToArray());
    }

    [Fact]
    public async Task Advance_EndOfStream_ReturnsFalseAndKeepsTheBufferedBytes()
    {
        using var reader = new WireReader(new ChunkStream([7, 8]), initialSize: 16);
        Assert.True(reader.Advance(await reader.ReadOnceAsync()));

        Assert.False(reader.Advance(await reader.ReadOnceAsync()));
        Assert.Equal(new byte[] { 7, 8 }, reader.Buffered.ToArray());
    }

    [Fact]
    public async Task ReadOnceAsync_BufferFullToItsEnd_CompactsBeforeReading()
    {
        // 16 bytes fill the 16-byte buffer to its end; the next read must first move the unconsumed
        // tail to the front instead of reading into no space at all.
        using var reader = new WireReader(new ChunkStream(Enumerable.Range(0, 16).Select(i => (byte)i).ToArray(), [200]), initialSize: 16);
        Assert.True(reader.Advance(await reader.ReadOnceAsync()));
        Assert.Equal(16, reader.Count);
        reader.Consume(14);

        Assert.True(reader.Advance(await reader.ReadOnceAsync()));

        Assert.Equal(new byte[] { 14, 15, 200 }, reader.Buffered.ToArray());
    }

    [Fact]
    public async Task EnsureAsync_OneByteReads_GathersTheWholeCount()
    {
        using var reader = new WireReader(new ChunkStream([1], [2], [3], [4]), initialSize: 16);

        Assert.True(await reader.EnsureAsync(4));

        Assert.Equal(new byte[] { 1, 2, 3, 4 }, reader.Buffered.ToArray());
    }

    [Fact]
    public async Task EnsureAsync_StreamEndsShort_False()
    {
        using var reader = new WireReader(new ChunkStream([1, 2]), initialSize: 16);

        Assert.False(await reader.EnsureAsync(4));
        Assert.Equal(2, reader.Count);
    }

    /// <summary>Returns the given chunks one read at a time (at most what the caller's buffer holds), then end of stream.</summary>
    private sealed class ChunkStream(params byte[][] chunks) : Stream
    {
        private readonly Queue<byte[]> _chunks = new(chunks);
        private byte[] _rest = [];

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            await Task.Yield(); // complete asynchronously, like a socket with nothing buffered
            if (_rest.Length == 0)
            {
                if (!_chunks.TryDequeue(out var next))
                {
                    return 0;
                }
                _rest = next;
            }
            var count = Math.Min(_rest.Length, buffer.Length);
            _rest.AsSpan(0, count).CopyTo(buffer.Span);
            _rest = _rest[count..];
            return count;
        }

        public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
