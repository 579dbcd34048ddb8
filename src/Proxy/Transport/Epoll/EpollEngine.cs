using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace MaskingProxy.Proxy.Transport.Epoll;

/// <summary>
/// One event thread over one epoll set (a process runs <see cref="ThreadCount"/> of them), in the manner of pgbouncer's event loop: sockets are
/// registered edge-triggered for input only, and for output only while a write is blocked, so
/// the thread wakes for work and not for every ACK that frees send space. Completions run their
/// continuations on this thread; the relay does microseconds of work per wake-up, and a hop to
/// the thread pool would cost more than the work.
/// </summary>
internal sealed unsafe class EpollEngine
{
    private const int MaxEvents = 256;
    private const int MaxConsecutiveWaitFailures = 100;
    private const int EventThreadStackBytes = 4 * 1024 * 1024;
    private static readonly Lazy<EpollEngine[]?> Engines = new(TryCreateAll);

    private readonly int _epfd;
    private readonly Lock _tableLock = new();
    private EpollSocket?[] _table = new EpollSocket?[1024];
    private readonly Stack<int> _free = new();
    private int _nextIndex;

    private EpollEngine(int epfd, int number)
    {
        _epfd = epfd;
        // Session code runs inline on this thread, including the SQL parser for statements small
        // enough to parse in place (libpg_query recurses in C; its wrapper assumes 512 KiB free).
        var thread = new Thread(Loop, EventThreadStackBytes) { IsBackground = true, Name = "maskingproxy epoll " + number };
        thread.Start();
    }

    /// <summary>
    /// The engine for a session (both legs of a session use the same one, so its continuations
    /// never race across threads), or null where epoll is not available and .NET sockets are used.
    /// </summary>
    public static EpollEngine? For(int affinity)
    {
        var engines = Engines.Value;
        return engines is null ? null : engines[(int)((uint)affinity % (uint)engines.Length)];
    }

    /// <summary>
    /// Event threads: MASKINGPROXY_EVENT_THREADS, else <see cref="DefaultThreadCount"/>.
    /// </summary>
    public static int ThreadCount =>
        int.TryParse(Environment.GetEnvironmentVariable("MASKINGPROXY_EVENT_THREADS"), out var n) && n > 0
            ? Math.Min(n, 64)
            : DefaultThreadCount(Environment.ProcessorCount);

    /// <summary>
    /// One thread per four cores, and at least two wherever there are two cores. Each thread can
    /// fill a core, and the database and the clients on the same host need the rest; but a single
    /// thread is a queue every session's messages pass through twice per round trip: on a 2-core
    /// host (pgbench, PostgreSQL and the proxy together) the cores sat idle 8–15 % of the time
    /// waiting on it, and a second thread took passthrough from 0.88–1.07 × pgbouncer's TPS per
    /// round to medians of 1.0–1.23 (docs/benchmarks.md, "A second event thread").
    /// </summary>
    public static int DefaultThreadCount(int processors) =>
        processors < 2 ? 1 : Math.Max(2, processors / 4);

    private static EpollEngine[]? TryCreateAll()
    {
        if (!OperatingSystem.IsLinux() || Environment.GetEnvironmentVariable("MASKINGPROXY_TRANSPORT") == "sockets")
        {
            return null;
        }
        try
        {
            var engines = new EpollEngine[ThreadCount];
            for (var i = 0; i < engines.Length; i++)
            {
                var epfd = LibC.epoll_create1(LibC.EPOLL_CLOEXEC);
                if (epfd < 0)
                {
                    return null;
                }
                engines[i] = new EpollEngine(epfd, i);
            }
            return engines;
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            return null;
        }
    }

    /// <summary>Takes over a connected socket's I/O. The socket must not have been used for async I/O by .NET.</summary>
    public EpollSocket Register(Socket socket)
    {
        var fd = (int)socket.Handle;
        var flags = LibC.fcntl(fd, LibC.F_GETFL, 0);
        if (flags < 0 || LibC.fcntl(fd, LibC.F_SETFL, flags | LibC.O_NONBLOCK) < 0)
        {
            throw SocketErrors.From(Marshal.GetLastPInvokeError());
        }
        int index;
        lock (_tableLock)
        {
            if (!_free.TryPop(out index))
            {
                index = _nextIndex++;
                if (index == _table.Length)
                {
                    Array.Resize(ref _table, _table.Length * 2);
                }
            }
        }
        var registration = new EpollSocket(this, socket, fd, index);
        Volatile.Write(ref _table[index], registration);
        var ev = new LibC.EpollEvent { Events = LibC.EPOLLIN | LibC.EPOLLRDHUP | LibC.EPOLLET, Data = registration.Token };
        if (LibC.epoll_ctl(_epfd, LibC.EPOLL_CTL_ADD, fd, &ev) < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            Release(index);
            throw SocketErrors.From(errno);
        }
        return registration;
    }

    /// <summary>Changes the interest set (adds or removes EPOLLOUT while a write is blocked).</summary>
    public void Modify(EpollSocket socket, bool wantWrite)
    {
        var ev = new LibC.EpollEvent
        {
            Events = LibC.EPOLLIN | LibC.EPOLLRDHUP | LibC.EPOLLET | (wantWrite ? LibC.EPOLLOUT : 0),
            Data = socket.Token,
        };
        if (LibC.epoll_ctl(_epfd, LibC.EPOLL_CTL_MOD, socket.Fd, &ev) < 0)
        {
            throw SocketErrors.From(Marshal.GetLastPInvokeError());
        }
    }

    /// <summary>Removes a socket before its descriptor is closed, so the index can be reused.</summary>
    public void Unregister(EpollSocket socket)
    {
        var ev = default(LibC.EpollEvent);
        _ = LibC.epoll_ctl(_epfd, LibC.EPOLL_CTL_DEL, socket.Fd, &ev);
        Release(socket.Index);
    }

    private void Release(int index)
    {
        Volatile.Write(ref _table[index], null);
        lock (_tableLock)
        {
            _free.Push(index);
        }
    }

    private void Loop()
    {
        var events = (LibC.EpollEvent*)NativeMemory.Alloc(MaxEvents, (nuint)sizeof(LibC.EpollEvent));
        var failures = 0;
        while (true)
        {
            var n = LibC.epoll_wait(_epfd, events, MaxEvents, -1);
            if (n < 0)
            {
                // errno is read after the runtime's return transition, which may have changed it:
                // a signal (EINTR) is retried, and so is anything else, until failures repeat
                // without a single successful wait in between.
                var errno = Marshal.GetLastSystemError();
                if (errno != LibC.EINTR && ++failures >= MaxConsecutiveWaitFailures)
                {
                    Environment.FailFast("epoll_wait failed: " + errno);
                }
                continue;
            }
            failures = 0;
            Dispatch(events, n);
        }
    }

    /// <summary>A method of its own so that it is compiled fully optimized, not as the loop's on-stack replacement.</summary>
    private void Dispatch(LibC.EpollEvent* events, int n)
    {
        for (var i = 0; i < n; i++)
        {
            var token = events[i].Data;
            var index = (int)(uint)token;
            // Read per event: a continuation may have grown the table.
            var table = Volatile.Read(ref _table);
            var socket = index < table.Length ? Volatile.Read(ref table[index]) : null;
            // A stale event for a socket closed earlier in this batch (and maybe its index
            // reused) carries the old generation: ignore it.
            if (socket is not null && socket.Token == token)
            {
                try
                {
                    socket.OnEvents(events[i].Events);
                }
                catch (Exception ex)
                {
                    // Continuations are async methods that keep their own exceptions; anything
                    // reaching here is a bug in one socket, which must not stop the loop
                    // every other socket depends on.
                    socket.Fail(ex);
                }
            }
        }
    }
}
