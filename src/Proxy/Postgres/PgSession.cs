using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using MaskingProxy.Proxy.Postgres.Messages;
using MaskingProxy.Proxy.Sessions;
using MaskingProxy.Proxy.Transport;

namespace MaskingProxy.Proxy.Postgres;

/// <summary>
/// One client connection and its dedicated backend connection (session pooling). Two pumps run
/// once authentication is done: client→backend frames every message and passes statement texts
/// through the interception point; backend→client relays results as they arrive, tracking
/// transaction status, parameter status and the errors that stand for denials. Split by concern
/// into partial files: startup, backend connect, authentication, the two pumps, denial, drain.
/// </summary>
public sealed partial class PgSession : IAsyncDisposable
{
    private static int s_nextSessionId;

    private readonly PgListenerContext _context;
    private readonly WriteGate _clientWriteGate = new();
    private readonly WriteGate _backendWriteGate = new();
    private readonly CancellationTokenSource _closed = new();
    private readonly ConcurrentDictionary<int, PendingDenial> _denials = new();
    private readonly Dictionary<string, PreparedStatement> _preparedStatements = new(StringComparer.Ordinal);
    private readonly Dictionary<string, PreparedStatement> _portals = new(StringComparer.Ordinal);
    /// <summary>Statements one session may keep on its backend connection for masked texts (each holds a plan there).</summary>
    private const int BackendStatementCapacity = 256;

    private readonly BackendStatements _backendStatements = new(BackendStatementCapacity);

    private readonly Stream _clientTransport;
    private WireReader _client;
    private Stream _clientStream;
    private Stream? _backendTransport;
    private Stream? _backendStream;
    private WireReader? _backend;
    private bool _clientTls;
    private bool _backendTls;
    private StartupMessage? _startup;
    private BackendKeyDataMessage _backendKey;
    private (int ProcessId, int SecretKey)? _proxyKey;
    private volatile TransactionStatus _transactionStatus = TransactionStatus.Idle;

    /// <summary>Requests sent that end in ReadyForQuery (Sync, Query, FunctionCall) not yet answered.</summary>
    private int _outstanding;

    /// <summary>Count of ReadyForQuery-producing messages sent to the backend so far.</summary>
    private int _syncsSent;

    /// <summary>Syncs sent since the last Execute or Query (see ForgetSyncsIgnoredInCopy).</summary>
    private int _syncsSinceStatement;

    /// <summary>Count of ReadyForQuery messages received after authentication.</summary>
    private int _readyReceived;

    private bool _startupReadySeen;
    private int _nextDenialId;

    /// <summary>
    /// Entries in <see cref="_denials"/>: checked for every ReadyForQuery, where asking the
    /// dictionary itself (IsEmpty) would take all its locks when it is empty, the common case.
    /// </summary>
    private int _pendingDenials;
    private volatile bool _draining;

    public PgSession(Socket clientSocket, PgListenerContext context)
    {
        _context = context;
        ClientEndPoint = clientSocket.RemoteEndPoint as IPEndPoint;
        Id = Interlocked.Increment(ref s_nextSessionId);
        _clientTransport = _clientStream = ConnectionTransport.Accepted(clientSocket, Id);
        _client = new WireReader(_clientStream);
    }

    public int Id { get; }

    public IPEndPoint? ClientEndPoint { get; }

    public SessionFacts? Facts { get; private set; }

    /// <summary>True while a request is outstanding at the backend.</summary>
    public bool Busy => Volatile.Read(ref _outstanding) > 0;

    public Task Completion => _completion.Task;

    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private int MaxMessageBytes => _context.Limits.MaxMessageBytes;

    /// <summary>Runs the session to its end; never throws.</summary>
    public async Task RunAsync(CancellationToken shutdown)
    {
        _context.Metrics.ConnectionOpened();
        try
        {
            if (!await StartAsync(shutdown).ConfigureAwait(false))
            {
                return;
            }
            LogMessages.SessionStarted(_context.Logger, Id, _context.Listener.Name, Facts!.Login, Facts.Database, ClientEndPoint?.ToString(), _clientTls, _backendTls);
            var client = ClientPumpAsync();
            var backend = BackendPumpAsync();
            await Task.WhenAll(client, backend).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // Last line of defence: a bug in one session must not take the process down.
            _context.Metrics.Error(Observability.ErrorKind.Internal);
            LogMessages.SessionFailed(_context.Logger, Id, ex);
        }
        finally
        {
            AuditConnectionClosed(null);
            await DisposeAsync().ConfigureAwait(false);
            _context.Metrics.ConnectionClosed();
            LogMessages.SessionEnded(_context.Logger, Id);
            _completion.TrySetResult();
        }
    }

    /// <summary>Startup, TLS, backend connection and authentication, bounded by the startup timeout.</summary>
    private async Task<bool> StartAsync(CancellationToken shutdown)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(shutdown, _closed.Token);
        timeout.CancelAfter(_context.Limits.StartupTimeout);
        try
        {
            if (!await NegotiateClientAsync(timeout.Token).ConfigureAwait(false))
            {
                return false;
            }
            if (ClassifySession() is { } refusal)
            {
                _context.Metrics.Error(Observability.ErrorKind.Denied);
                AuthenticationFinished(false, Protocol.SqlState.InsufficientPrivilege, refusal);
                await SendFatalAsync(Protocol.SqlState.InsufficientPrivilege, "permission denied by masking policy: " + refusal).ConfigureAwait(false);
                return false;
            }
            if (!await ConnectBackendAsync(timeout.Token).ConfigureAwait(false))
            {
                return false;
            }
            if (!await RelayAuthenticationAsync(timeout.Token).ConfigureAwait(false))
            {
                AuthenticationFinished(false, _authFailureState, "the database server rejected the login");
                return false;
            }
            AuthenticationFinished(true, null, null);
            await RequestSearchPathAsync(timeout.Token).ConfigureAwait(false);
            return true;
        }
        catch (ProtocolViolationException ex)
        {
            _context.Metrics.Error(Observability.ErrorKind.Protocol);
            LogMessages.ProtocolViolation(_context.Logger, Id, ex.Message);
            await SendFatalAsync(ex.SqlState, ex.Message).ConfigureAwait(false);
            return false;
        }
        catch (OperationCanceledException) when (!shutdown.IsCancellationRequested && !_closed.IsCancellationRequested)
        {
            _context.Metrics.Error(Observability.ErrorKind.StartupTimeout);
            await SendFatalAsync(Protocol.SqlState.ProtocolViolation, "timeout expired during connection startup").ConfigureAwait(false);
            return false;
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // The client went away during startup; nothing to tell it.
            return false;
        }
    }

    /// <summary>Closes both legs; the pumps see end of stream and finish.</summary>
    public void Abort()
    {
        if (_closed.IsCancellationRequested)
        {
            return;
        }
        try
        {
            _closed.Cancel();
        }
        catch (ObjectDisposedException)
        {
            return;
        }
        // Closing the innermost streams ends pending reads and writes on both legs, TLS or not.
        _clientTransport.Dispose();
        _backendTransport?.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        Abort();
        if (_proxyKey is { } key)
        {
            _context.Cancels.Unregister(key.ProcessId, key.SecretKey);
        }
        await _clientStream.DisposeAsync().ConfigureAwait(false);
        if (_backendStream is not null)
        {
            await _backendStream.DisposeAsync().ConfigureAwait(false);
        }
        _client.Dispose();
        _backend?.Dispose();
    }
}
