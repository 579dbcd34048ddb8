using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace MaskingProxy.Proxy.Postgres;

/// <summary>Accepts client connections for one configured PostgreSQL listener and runs a session each.</summary>
public sealed class PgListener : IAsyncDisposable
{
    private readonly PgListenerContext _context;
    private readonly ConcurrentDictionary<int, PgSession> _sessions = new();
    private readonly CancellationTokenSource _stopping = new();
    private Socket? _socket;
    private Task? _acceptLoop;

    public PgListener(PgListenerContext context) => _context = context;

    public string Name => _context.Listener.Name;

    /// <summary>The bound address (the real port when the config asked for port 0).</summary>
    public IPEndPoint? LocalEndPoint => _socket?.LocalEndPoint as IPEndPoint;

    public ICollection<PgSession> Sessions => _sessions.Values;

    public void Start()
    {
        var listen = _context.Listener.Listen;
        var address = ResolveListenAddress(listen.Host);
        var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        socket.Bind(new IPEndPoint(address, listen.Port));
        socket.Listen(512);
        _socket = socket;
        LogMessages.ListenerStarted(_context.Logger, _context.Listener.Name, LocalEndPoint!.ToString(), _context.Listener.Backend.ToString());
        _acceptLoop = AcceptLoopAsync(socket);
    }

    private async Task AcceptLoopAsync(Socket socket)
    {
        while (!_stopping.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await socket.AcceptAsync(_stopping.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException ex)
            {
                // Transient (e.g. a client reset before accept, or out of descriptors): keep serving.
                LogMessages.AcceptFailed(_context.Logger, _context.Listener.Name, ex);
                await Task.Delay(10).ConfigureAwait(false);
                continue;
            }
            client.NoDelay = true;
            var session = new PgSession(client, _context);
            _sessions[session.Id] = session;
            _ = RunSessionAsync(session);
        }
    }

    private async Task RunSessionAsync(PgSession session)
    {
        // Yield so a slow startup never holds up the accept loop.
        await Task.Yield();
        try
        {
            await session.RunAsync(_stopping.Token).ConfigureAwait(false);
        }
        finally
        {
            _sessions.TryRemove(session.Id, out _);
        }
    }

    /// <summary>Stops accepting; existing sessions keep running until drained.</summary>
    public async Task StopAcceptingAsync()
    {
        if (_stopping.IsCancellationRequested)
        {
            return;
        }
        await _stopping.CancelAsync().ConfigureAwait(false);
        _socket?.Close();
        if (_acceptLoop is not null)
        {
            await _acceptLoop.ConfigureAwait(false);
        }
    }

    /// <summary>Drains sessions within <paramref name="bound"/>, then closes whatever is left.</summary>
    public async Task DrainAsync(TimeSpan bound)
    {
        var sessions = _sessions.Values.ToArray();
        foreach (var session in sessions)
        {
            session.BeginDrain();
        }
        var all = Task.WhenAll(sessions.Select(s => s.Completion));
        if (await Task.WhenAny(all, Task.Delay(bound)).ConfigureAwait(false) != all)
        {
            foreach (var session in _sessions.Values)
            {
                await session.ForceCloseAsync().ConfigureAwait(false);
            }
            await Task.WhenAny(all, Task.Delay(TimeSpan.FromSeconds(2))).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAcceptingAsync().ConfigureAwait(false);
        foreach (var session in _sessions.Values)
        {
            session.Abort();
        }
        _stopping.Dispose();
    }

    private static IPAddress ResolveListenAddress(string host)
    {
        if (IPAddress.TryParse(host, out var address))
        {
            return address;
        }
        if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            return IPAddress.Loopback;
        }
        if (host == "*")
        {
            return IPAddress.Any;
        }
        return Dns.GetHostAddresses(host)[0];
    }
}
