using System.Runtime.CompilerServices;
using MaskingProxy.Proxy.Interception;
using MaskingProxy.Proxy.Observability;
using MaskingProxy.Proxy.Postgres.Messages;
using MaskingProxy.Proxy.Postgres.Protocol;
using MaskingProxy.Proxy.Transport;

namespace MaskingProxy.Proxy.Postgres;

public sealed partial class PgSession
{
    /// <summary>
    /// PostgreSQL caps short control messages at PQ_SMALL_MESSAGE_LIMIT (10000 bytes); anything
    /// longer of these types is not a client speaking the protocol.
    /// </summary>
    private const int SmallMessageLimit = 10000;

    /// <summary>Statement texts the client sent a moment ago (client pump only).</summary>
    private readonly RecentTexts _recentTexts = new();

    /// <summary>Statement and portal names the client sent a moment ago (client pump only).</summary>
    private readonly RecentTexts _recentNames = new();

    /// <summary>
    /// Client→backend: frames each message (lengths checked before buffering), hands statement
    /// texts to the interception point, tracks statements and portals, and forwards a whole receive
    /// batch in one write. COPY data streams through in pieces however large a message is.
    /// </summary>
    [AsyncMethodBuilder(typeof(PumpMethodBuilder))]
    private async Task ClientPumpAsync()
    {
        // I/O is not cancelled by token: Abort closes the sockets, which ends pending reads
        // and writes, and a token registration per read would cost an allocation.
        var token = CancellationToken.None;
        using var plan = new ForwardPlan();
        var framer = new MessageFramer(static (code, _) => code == (byte)FrontendCode.CopyData, CheckClientLength);
        var needed = 0;
        try
        {
            while (true)
            {
                var more = needed > _client.Count
                    ? await _client.EnsureAsync(needed, token).ConfigureAwait(false)
                    : _client.Advance(await _client.ReadOnceAsync(token).ConfigureAwait(false));
                if (!more)
                {
                    break;
                }
                if (_draining && !Busy)
                {
                    await TerminateForShutdownAsync().ConfigureAwait(false);
                    return;
                }
                var source = _client.BufferedMemory;
                plan.Begin(source);
                var offset = 0;
                var terminate = false;
                while (framer.Next(source.Span, ref offset, plan, out var code, out var total, out needed))
                {
                    terminate = await HandleClientMessageAsync(plan, (FrontendCode)code, source, offset, total, token).ConfigureAwait(false);
                    offset += total;
                    if (terminate)
                    {
                        break;
                    }
                }
                if (!plan.IsEmpty)
                {
                    await WriteBackendAsync(plan.Result, token).ConfigureAwait(false);
                }
                _client.Consume(offset);
                if (terminate)
                {
                    break;
                }
                if (_client.Count == 0)
                {
                    _client.ShrinkIfIdle();
                }
            }
        }
        catch (ProtocolViolationException ex)
        {
            _context.Metrics.Error(ErrorKind.Protocol);
            LogMessages.ProtocolViolation(_context.Logger, Id, ex.Message);
            await SendFatalAsync(ex.SqlState, ex.Message).ConfigureAwait(false);
        }
        catch (Exception ex) when (IsDisconnect(ex))
        {
            // Either side went away; closing below ends the other pump too.
        }
        finally
        {
            Abort();
        }
    }

    private void CheckClientLength(byte type, int length)
    {
        var code = (FrontendCode)type;
        if (length < 4)
        {
            throw new ProtocolViolationException($"invalid message length {length}");
        }
        var limit = code switch
        {
            FrontendCode.Sync or FrontendCode.Flush or FrontendCode.Terminate or FrontendCode.Close or
            FrontendCode.Describe or FrontendCode.Execute or FrontendCode.CopyDone or FrontendCode.CopyFail => SmallMessageLimit,
            FrontendCode.CopyData => int.MaxValue,
            FrontendCode.Query or FrontendCode.Parse or FrontendCode.Bind or FrontendCode.FunctionCall or FrontendCode.Password => MaxMessageBytes,
            _ => throw new ProtocolViolationException($"invalid frontend message type {(int)code}"),
        };
        if (length > limit)
        {
            throw new ProtocolViolationException($"message of type '{(char)code}' is {length} bytes, over the limit of {limit}");
        }
    }

    /// <summary>
    /// Handles one whole client message; true when the client asked to terminate. Not an async
    /// method: most messages are handled without waiting, and an async method's start saves and
    /// restores the thread's contexts (thread-local reads) for every message. The branches that can
    /// wait (statement decisions) go through their own async methods.
    /// </summary>
    private ValueTask<bool> HandleClientMessageAsync(ForwardPlan plan, FrontendCode code, ReadOnlyMemory<byte> source, int offset, int total, CancellationToken token)
    {
        var body = source.Slice(offset + PgWire.HeaderLength, total - PgWire.HeaderLength);
        _extendedOpen |= code is FrontendCode.Parse or FrontendCode.Bind or FrontendCode.Describe or FrontendCode.Execute or FrontendCode.Close or FrontendCode.Flush;
        switch (code)
        {
            case FrontendCode.Query:
                if (!_tracking)
                {
                    if (!QueryMessage.IsWellFormed(body.Span))
                    {
                        throw new ProtocolViolationException("invalid Query message");
                    }
                    ForwardUntracked(plan, offset, total);
                    QueryForwarded();
                    return Continue;
                }
                if (!QueryMessage.TryParse(body.Span, out var text, _recentTexts))
                {
                    throw new ProtocolViolationException("invalid Query message");
                }
                return ContinueAfter(HandleQueryAsync(plan, offset, total, text, token), endsRequest: true);
            case FrontendCode.Parse:
                if (!_tracking)
                {
                    if (!ParseMessage.TryReadStatementName(body.Span, out var name))
                    {
                        throw new ProtocolViolationException("invalid Parse message");
                    }
                    if (!RefusedReservedName(plan, TargetKind.Statement, name))
                    {
                        ForwardUntracked(plan, offset, total);
                    }
                    return Continue;
                }
                if (!ParseMessage.TryParse(body.Span, out var parse, _recentTexts))
                {
                    throw new ProtocolViolationException("invalid Parse message");
                }
                return ContinueAfter(HandleParseAsync(plan, offset, total, parse, token));
            case FrontendCode.Bind:
                if (!BindMessage.TryParse(body.Span, out var bind, _recentNames))
                {
                    throw new ProtocolViolationException("invalid Bind message");
                }
                if (RefusedReservedName(plan, TargetKind.Statement, bind.StatementName))
                {
                    _portals.Remove(bind.PortalName);
                    return Continue;
                }
                if (_tracking && BindPortal(bind) is { } backendName)
                {
                    BindMessage.WriteRenamed(body.Span, backendName, plan.Replace());
                }
                else
                {
                    plan.Pass(offset, total);
                }
                return Continue;
            case FrontendCode.Describe:
                if (!TargetMessage.TryParse(body.Span, out var describe))
                {
                    throw new ProtocolViolationException("invalid Describe message");
                }
                if (RefusedReservedName(plan, describe.Kind, describe.Name))
                {
                    return Continue;
                }
                if (describe.Kind == TargetKind.Statement && _preparedStatements.TryGetValue(describe.Name, out var described) && described.BackendName is { } kept)
                {
                    new TargetMessage(TargetKind.Statement, kept).Write(plan.Replace(), FrontendCode.Describe);
                }
                else
                {
                    plan.Pass(offset, total);
                }
                return Continue;
            case FrontendCode.Execute:
                if (!ExecuteMessage.TryParse(body.Span, out var portal))
                {
                    throw new ProtocolViolationException("invalid Execute message");
                }
                _syncsSinceStatement = 0;
                if (!_tracking)
                {
                    plan.Pass(offset, total);
                    return Continue;
                }
                return ContinueAfter(HandleExecuteAsync(plan, offset, total, portal, token));
            case FrontendCode.Close:
                if (!TargetMessage.TryParse(body.Span, out var close))
                {
                    throw new ProtocolViolationException("invalid Close message");
                }
                if (RefusedReservedName(plan, close.Kind, close.Name))
                {
                    return Continue;
                }
                // Closing a statement the proxy keeps on the server closes the server's unnamed
                // statement instead (an empty one): the kept statement stays for the next Parse.
                _ = close.Kind == TargetKind.Statement ? _preparedStatements.Remove(close.Name) : _portals.Remove(close.Name);
                plan.Pass(offset, total);
                return Continue;
            case FrontendCode.Sync:
                _extendedOpen = false;
                SentSyncPoint();
                _syncsSinceStatement++;
                plan.Pass(offset, total);
                return Continue;
            case FrontendCode.FunctionCall:
                SentSyncPoint();
                plan.Pass(offset, total);
                return Continue;
            case FrontendCode.CopyDone:
            case FrontendCode.CopyFail:
                ForgetSyncsIgnoredInCopy();
                plan.Pass(offset, total);
                return Continue;
            case FrontendCode.Terminate:
                plan.Pass(offset, total);
                return new ValueTask<bool>(true);
            default:
                plan.Pass(offset, total);
                return Continue;
        }
    }

    private static ValueTask<bool> Continue => new(false);

    /// <summary>
    /// Waits for a statement's handling to finish (without a state machine when it already has),
    /// then goes on with the next message; <paramref name="endsRequest"/> for a Query.
    /// </summary>
    private ValueTask<bool> ContinueAfter(ValueTask handling, bool endsRequest = false)
    {
        if (!handling.IsCompletedSuccessfully)
        {
            return AwaitHandlingAsync(handling, endsRequest);
        }
        handling.GetAwaiter().GetResult();
        if (endsRequest)
        {
            QueryForwarded();
        }
        return Continue;
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<bool> AwaitHandlingAsync(ValueTask handling, bool endsRequest)
    {
        await handling.ConfigureAwait(false);
        if (endsRequest)
        {
            QueryForwarded();
        }
        return false;
    }

    /// <summary>A Query ends its own request: the server answers it with ReadyForQuery like a Sync.</summary>
    private void QueryForwarded()
    {
        _extendedOpen = false;
        SentSyncPoint();
        _syncsSinceStatement = 0;
    }

    /// <summary>
    /// The server ignores Sync (and Flush) while it is in COPY-in mode (docs §55.2.6), and a client
    /// that pipelines Execute(COPY … FROM STDIN) + Sync before sending the data has its Sync read in
    /// that mode. Reaching CopyDone/CopyFail proves the server was copying since the statement that
    /// started it, so the Syncs sent since then produce no ReadyForQuery: stop expecting them.
    /// </summary>
    private void ForgetSyncsIgnoredInCopy()
    {
        if (_syncsSinceStatement == 0)
        {
            return;
        }
        _syncsSent -= _syncsSinceStatement;
        Interlocked.Add(ref _outstanding, -_syncsSinceStatement);
        _syncsSinceStatement = 0;
    }

    /// <summary>
    /// A session that neither masks nor audits (no policy, no audit log) forwards statement texts
    /// without decoding them and keeps no statements or portals: nothing would read them.
    /// </summary>
    private void ForwardUntracked(ForwardPlan plan, int offset, int total)
    {
        _context.Metrics.Statement();
        plan.Pass(offset, total);
    }

    /// <summary>
    /// Points the Bind's portal at the statement it binds; returns the name the server knows the
    /// statement by when the proxy keeps it as one of its <see cref="BackendStatements"/>.
    /// </summary>
    private string? BindPortal(BindMessage bind)
    {
        if (_preparedStatements.TryGetValue(bind.StatementName, out var bound))
        {
            _portals[bind.PortalName] = bound;
            return bound.BackendName;
        }
        // The server will reject the Bind; the portal it names is gone either way.
        _portals.Remove(bind.PortalName);
        return null;
    }

    /// <summary>
    /// A client naming one of the proxy's statements (<see cref="BackendStatements.Prefix"/>) gets an
    /// error, and the server discards up to Sync: such a name never refers to a statement of the
    /// client's (its Parse is refused), while the server may hold one of the proxy's under it.
    /// </summary>
    private bool RefusedReservedName(ForwardPlan plan, TargetKind kind, string name)
    {
        if (kind != TargetKind.Statement || !BackendStatements.IsReserved(name))
        {
            return false;
        }
        new ParseMessage(string.Empty, IssueDenial(ReservedNameReason, SqlState.InsufficientPrivilege), []).Write(plan.Replace());
        _preparedStatements.Remove(string.Empty);
        return true;
    }

    private void SentSyncPoint()
    {
        Interlocked.Increment(ref _outstanding);
        _syncsSent++;
    }

    private static bool IsDisconnect(Exception ex) =>
        ex is IOException or System.Net.Sockets.SocketException or ObjectDisposedException or OperationCanceledException;
}
