using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Threading.Tasks.Sources;

namespace MaskingProxy.Proxy.Transport.Epoll;

/// <summary>
/// One registered socket: at most one pending receive and one pending send. Readiness is tracked
/// so a receive after a short read waits for the next edge instead of paying a system call that
/// would only say EAGAIN. All state changes happen under a per-socket lock; completions are
/// signalled after it is released, because their continuations run inline.
/// </summary>
internal sealed unsafe class EpollSocket
{
    private static int s_generation;

    private readonly EpollEngine _engine;
    private readonly Socket _socket;
    private readonly SocketLock _lock = new();
    private readonly Operation _read;
    private readonly Operation _write;
    private bool _readable = true;
    private bool _closed;
    private Memory<byte> _readBuffer;
    private ReadOnlyMemory<byte> _writeRemaining;
    private int _writeTotal;

    public EpollSocket(EpollEngine engine, Socket socket, int fd, int index)
    {
        _engine = engine;
        _socket = socket;
        Fd = fd;
        Index = index;
        Token = ((ulong)(uint)Interlocked.Increment(ref s_generation) << 32) | (uint)index;
        _read = new Operation();
        _write = new Operation();
    }

    public int Fd { get; }

    public int Index { get; }

    public ulong Token { get; }

    public ValueTask<int> ReceiveAsync(Memory<byte> buffer)
    {
        if (buffer.IsEmpty)
        {
            return ValueTask.FromResult(0);
        }
        using (_lock.Enter())
        {
            ObjectDisposedException.ThrowIf(_closed, this);
            if (_read.Pending)
            {
                throw new InvalidOperationException("a receive is already pending");
            }
            if (_readable)
            {
                var n = TryReceive(buffer, out var error);
                if (error is not null)
                {
                    return ValueTask.FromException<int>(error);
                }
                if (n >= 0)
                {
                    return ValueTask.FromResult(n);
                }
            }
            _readBuffer = buffer;
            return _read.Start();
        }
    }

    public ValueTask<int> SendAsync(ReadOnlyMemory<byte> data)
    {
        using (_lock.Enter())
        {
            ObjectDisposedException.ThrowIf(_closed, this);
            if (_write.Pending)
            {
                throw new InvalidOperationException("a send is already pending");
            }
            var remaining = data;
            var error = TrySend(ref remaining);
            if (error is not null)
            {
                return ValueTask.FromException<int>(error);
            }
            if (remaining.IsEmpty)
            {
                return ValueTask.FromResult(data.Length);
            }
            _writeRemaining = remaining;
            _writeTotal = data.Length;
            _engine.Modify(this, wantWrite: true);
            return _write.Start();
        }
    }

    /// <summary>Starts a non-blocking connect; false when connected at once, else <paramref name="wait"/> ends at writability.</summary>
    public bool StartConnect(byte[] socketAddress, out ValueTask<int> wait)
    {
        wait = default;
        using (_lock.Enter())
        {
            int result;
            fixed (byte* address = socketAddress)
            {
                result = LibC.connect(Fd, address, socketAddress.Length);
            }
            if (result == 0)
            {
                return false;
            }
            var errno = Marshal.GetLastPInvokeError();
            if (errno != LibC.EINPROGRESS)
            {
                throw SocketErrors.From(errno);
            }
            _writeRemaining = ReadOnlyMemory<byte>.Empty;
            _writeTotal = 0;
            _engine.Modify(this, wantWrite: true);
            wait = _write.Start();
            return true;
        }
    }

    /// <summary>SO_ERROR: the outcome of a connect that completed asynchronously.</summary>
    public int ReadSocketError()
    {
        int error = 0;
        var length = sizeof(int);
        if (LibC.getsockopt(Fd, LibC.SOL_SOCKET, LibC.SO_ERROR, &error, &length) < 0)
        {
            throw SocketErrors.From(Marshal.GetLastPInvokeError());
        }
        return error;
    }

    /// <summary>Called on the event thread with the ready events of this socket.</summary>
    public void OnEvents(uint events)
    {
        var completeRead = false;
        var completeWrite = false;
        int readResult = 0, writeResult = 0;
        Exception? readError = null, writeError = null;
        using (_lock.Enter())
        {
            if (_closed)
            {
                return;
            }
            if ((events & (LibC.EPOLLIN | LibC.EPOLLHUP | LibC.EPOLLERR | LibC.EPOLLRDHUP)) != 0)
            {
                _readable = true;
                if (_read.Pending)
                {
                    readResult = TryReceive(_readBuffer, out readError);
                    completeRead = readResult >= 0 || readError is not null;
                }
            }
            if ((events & (LibC.EPOLLOUT | LibC.EPOLLHUP | LibC.EPOLLERR)) != 0 && _write.Pending)
            {
                writeError = TrySend(ref _writeRemaining);
                if (writeError is not null || _writeRemaining.IsEmpty)
                {
                    completeWrite = true;
                    writeResult = _writeTotal;
                    _engine.Modify(this, wantWrite: false);
                }
            }
            if (completeRead)
            {
                _readBuffer = default;
            }
            if (completeWrite)
            {
                _writeRemaining = default;
            }
        }
        if (completeRead)
        {
            _read.Complete(readResult, readError);
        }
        if (completeWrite)
        {
            _write.Complete(writeResult, writeError);
        }
    }

    /// <summary>Abandons a pending receive (the socket stays open, so the caller can still answer).</summary>
    public void CancelReceive()
    {
        using (_lock.Enter())
        {
            _readBuffer = default;
        }
        _read.Complete(0, new OperationCanceledException());
    }

    /// <summary>Fails pending operations after a bug on the event thread.</summary>
    public void Fail(Exception error)
    {
        using (_lock.Enter())
        {
            _closed = true;
        }
        _read.Complete(0, error);
        _write.Complete(0, error);
    }

    /// <summary>Closes the socket; pending operations complete (receive with 0, send with an error).</summary>
    public void Close()
    {
        using (_lock.Enter())
        {
            if (_closed)
            {
                return;
            }
            _closed = true;
            _engine.Unregister(this);
            try
            {
                _socket.Shutdown(SocketShutdown.Both);
            }
            catch (SocketException)
            {
                // Already disconnected.
            }
            _socket.Close();
        }
        _read.Complete(0, null);
        _write.Complete(0, new ObjectDisposedException(nameof(EpollSocket)));
    }

    /// <summary>Bytes received, 0 at end of stream, -1 when nothing is available yet.</summary>
    private int TryReceive(Memory<byte> buffer, out Exception? error)
    {
        error = null;
        while (true)
        {
            nint n;
            fixed (byte* p = buffer.Span)
            {
                n = LibC.recv(Fd, p, buffer.Length, 0);
            }
            if (n >= 0)
            {
                // A short read drained the socket: the next receive waits for the next edge.
                _readable = n == buffer.Length;
                return (int)n;
            }
            var errno = Marshal.GetLastSystemError();
            if (errno == LibC.EINTR)
            {
                continue;
            }
            if (errno == LibC.EAGAIN)
            {
                _readable = false;
                return -1;
            }
            error = new IOException("receive failed", SocketErrors.From(errno));
            return 0;
        }
    }

    /// <summary>Sends as much as the socket takes now; null or the error.</summary>
    private Exception? TrySend(ref ReadOnlyMemory<byte> remaining)
    {
        while (!remaining.IsEmpty)
        {
            nint n;
            fixed (byte* p = remaining.Span)
            {
                n = LibC.send(Fd, p, remaining.Length, LibC.MSG_NOSIGNAL);
            }
            if (n >= 0)
            {
                remaining = remaining[(int)n..];
                continue;
            }
            var errno = Marshal.GetLastSystemError();
            if (errno == LibC.EINTR)
            {
                continue;
            }
            if (errno == LibC.EAGAIN)
            {
                return null;
            }
            return new IOException("send failed", SocketErrors.From(errno));
        }
        return null;
    }

    /// <summary>A reusable awaitable for one direction; continuations run where it completes.</summary>
    private sealed class Operation : IValueTaskSource<int>
    {
        private ManualResetValueTaskSourceCore<int> _core = new() { RunContinuationsAsynchronously = false };
        private int _pending;

        public bool Pending => Volatile.Read(ref _pending) == 1;

        public ValueTask<int> Start()
        {
            _core.Reset();
            Volatile.Write(ref _pending, 1);
            return new ValueTask<int>(this, _core.Version);
        }

        public void Complete(int result, Exception? error)
        {
            if (Interlocked.Exchange(ref _pending, 0) == 0)
            {
                return;
            }
            if (error is null)
            {
                _core.SetResult(result);
            }
            else
            {
                _core.SetException(error);
            }
        }

        public int GetResult(short token) => _core.GetResult(token);

        public ValueTaskSourceStatus GetStatus(short token) => _core.GetStatus(token);

        public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
            _core.OnCompleted(continuation, state, token, flags);
    }
}
