using System.Runtime.CompilerServices;
namespace MaskingProxy.Proxy.Transport.Epoll;

/// <summary>
/// A <see cref="Stream"/> over an <see cref="EpollSocket"/>, so the session code and SslStream work
/// the same on either transport. A cancelled read is abandoned with the socket left open (so an
/// error can still be sent); a cancelled write closes the socket, since half a message cannot be
/// taken back.
/// </summary>
internal sealed class EpollStream : Stream
{
    private readonly EpollSocket _socket;

    public EpollStream(EpollSocket socket) => _socket = socket;

    public override bool CanRead => true;

    public override bool CanWrite => true;

    public override bool CanSeek => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var pending = _socket.ReceiveAsync(buffer);
#pragma warning disable CA2012 // Inspected, then consumed exactly once by the caller or by WithCancellation.
        return pending.IsCompleted || !cancellationToken.CanBeCanceled ? pending : WithCancellation(pending, cancellationToken);
#pragma warning restore CA2012
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
#pragma warning disable CA2012 // Inspected, then consumed exactly once.
        var pending = _socket.SendAsync(buffer);
        if (pending.IsCompletedSuccessfully)
        {
            // The common case: the socket took everything at once; no state machine at all.
            _ = pending.Result;
            return ValueTask.CompletedTask;
        }
        return AwaitWrite(cancellationToken.CanBeCanceled ? WithCancellation(pending, cancellationToken, write: true) : pending);
#pragma warning restore CA2012
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private static async ValueTask AwaitWrite(ValueTask<int> pending) => await pending.ConfigureAwait(false);

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override void Flush()
    {
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _socket.Close();
        }
        base.Dispose(disposing);
    }

    private async ValueTask<int> WithCancellation(ValueTask<int> pending, CancellationToken cancellationToken, bool write = false)
    {
        await using (cancellationToken.UnsafeRegister(write ? static s => ((EpollSocket)s!).Close() : static s => ((EpollSocket)s!).CancelReceive(), _socket).ConfigureAwait(false))
        {
            var result = await pending.ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            return result;
        }
    }
}
