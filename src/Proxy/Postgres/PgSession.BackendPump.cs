using System.Runtime.CompilerServices;
using MaskingProxy.Proxy.Observability;
using MaskingProxy.Proxy.Postgres.Messages;
using MaskingProxy.Proxy.Postgres.Protocol;
using MaskingProxy.Proxy.Transport;

namespace MaskingProxy.Proxy.Postgres;

public sealed partial class PgSession
{
    /// <summary>
    /// Backend→client: relays results as they arrive. Only a few message types are read whole
    /// (ReadyForQuery, ParameterStatus, BackendKeyData, ErrorResponse); every other message,
    /// however large (a 1 GB DataRow, COPY data), streams through in buffer-sized pieces, so proxy
    /// memory stays bounded by the buffer, not by the result.
    /// </summary>
    [AsyncMethodBuilder(typeof(PumpMethodBuilder))]
    private async Task BackendPumpAsync()
    {
        // I/O is not cancelled by token: Abort closes the sockets, which ends pending reads
        // and writes, and a token registration per read would cost an allocation.
        var token = CancellationToken.None;
        var backend = _backend!;
        using var plan = new ForwardPlan();
        var framer = new MessageFramer((code, _) => !ReadWhole((BackendCode)code), CheckBackendLength);
        var needed = 0;
        var first = true;
        try
        {
            while (true)
            {
                // Authentication left the first messages buffered; handle them before reading.
                if (!first || backend.Count == 0)
                {
                    var more = needed > backend.Count
                        ? await backend.EnsureAsync(needed, token).ConfigureAwait(false)
                        : backend.Advance(await backend.ReadOnceAsync(token).ConfigureAwait(false));
                    if (!more)
                    {
                        break;
                    }
                }
                first = false;
                var source = backend.BufferedMemory;
                plan.Begin(source);
                var offset = 0;
                var closeAfter = false;
                while (framer.Next(source.Span, ref offset, plan, out var code, out var total, out needed))
                {
                    closeAfter |= HandleBackendMessage(plan, (BackendCode)code, source.Span, offset, total);
                    offset += total;
                }
                if (!plan.IsEmpty)
                {
                    // SPEC §6: nothing a statement returns reaches the client before its record is durable.
                    if (_auditBarrier is { IsCompletedSuccessfully: false } barrier)
                    {
                        await AwaitAuditAsync(barrier).ConfigureAwait(false);
                    }
                    await WriteClientAsync(plan.Result, token).ConfigureAwait(false);
                }
                backend.Consume(offset);
                if (closeAfter)
                {
                    await TerminateForShutdownAsync().ConfigureAwait(false);
                    break;
                }
                if (backend.Count == 0)
                {
                    backend.ShrinkIfIdle();
                }
            }
        }
        catch (ProtocolViolationException ex)
        {
            if (ex.SqlState == SqlState.IoError)
            {
                await SendFatalAsync(ex.SqlState, ex.Message).ConfigureAwait(false);
            }
            else
            {
                _context.Metrics.Error(ErrorKind.Protocol);
                LogMessages.BackendFailed(_context.Logger, Id, ex.Message);
                await SendFatalAsync(SqlState.ConnectionFailure, "the database server sent an invalid message; connection closed").ConfigureAwait(false);
            }
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

    /// <summary>Messages read whole have their size capped; the rest stream.</summary>
    private void CheckBackendLength(byte code, int length)
    {
        if (length < 4 || (length > MaxMessageBytes && ReadWhole((BackendCode)code)))
        {
            throw new ProtocolViolationException($"invalid message length {length} for type '{(char)code}' from the database server");
        }
    }

    /// <summary>Inspected messages, acknowledgements a prepared Query may drop, and DataRows a hash mask rewrites, are read whole.</summary>
    private bool ReadWhole(BackendCode code) =>
        IsInspected(code) || (_tracking && IsPreparedQueryAcknowledgement(code)) || (code == BackendCode.DataRow && RowTransforms() is not null);

    private static bool IsInspected(BackendCode code) => code is
        BackendCode.ReadyForQuery or BackendCode.ParameterStatus or BackendCode.BackendKeyData or BackendCode.ErrorResponse or
        BackendCode.NoticeResponse or BackendCode.CommandComplete or BackendCode.EmptyQueryResponse or BackendCode.PortalSuspended;

    /// <summary>Handles one whole backend message; true when the session should now close (drain).</summary>
    private bool HandleBackendMessage(ForwardPlan plan, BackendCode code, ReadOnlySpan<byte> source, int offset, int total)
    {
        var body = source.Slice(offset + PgWire.HeaderLength, total - PgWire.HeaderLength);
        if (_internalQuery && _startupReadySeen)
        {
            HandleInternalResponse(code, body);
            return false;
        }
        switch (code)
        {
            case BackendCode.ReadyForQuery:
                if (!ReadyForQueryMessage.TryParse(body, out var status))
                {
                    throw new ProtocolViolationException("invalid ReadyForQuery from the database server");
                }
                _transactionStatus = status;
                plan.Pass(offset, total);
                var answersRequest = _startupReadySeen;
                var closeAfter = ReadyForQueryReceived();
                if (_tracking && answersRequest)
                {
                    GroupEnded(status);
                }
                return closeAfter;
            case BackendCode.DataRow:
                if (RowTransforms() is { } transforms)
                {
                    if (!TransformRow(plan, body, transforms))
                    {
                        throw new ProtocolViolationException("invalid DataRow from the database server");
                    }
                    return false;
                }
                plan.Pass(offset, total);
                return false;
            case BackendCode.CommandComplete:
                if (_tracking)
                {
                    StatementCompleted(body);
                }
                plan.Pass(offset, total);
                return false;
            case BackendCode.EmptyQueryResponse:
            case BackendCode.PortalSuspended:
                if (_tracking)
                {
                    Complete(new Auditing.StatementCompletion(true, null, null, default), finishesText: code == BackendCode.EmptyQueryResponse);
                }
                plan.Pass(offset, total);
                return false;
            case BackendCode.NoticeResponse:
                if (ShouldScrub() && ErrorResponseMessage.TryParse(body, out var notice))
                {
                    WriteScrubbed(plan, notice!, code);
                    return false;
                }
                plan.Pass(offset, total);
                return false;
            case BackendCode.ParseComplete:
            case BackendCode.BindComplete:
            case BackendCode.NoData:
                if (_tracking && AnsweringPreparedQuery())
                {
                    plan.Replace();
                    return false;
                }
                plan.Pass(offset, total);
                return false;
            case BackendCode.ParameterStatus:
                RecordParameterStatus(body);
                plan.Pass(offset, total);
                return false;
            case BackendCode.BackendKeyData:
                if (!BackendKeyDataMessage.TryParse(body, out var key))
                {
                    throw new ProtocolViolationException("invalid BackendKeyData from the database server");
                }
                _backendKey = key;
                // The client sees the backend's real process id (so pg_backend_pid() and the pid in
                // notifications match what the driver reports) with a secret of the proxy's own:
                // cancel requests must come through the proxy, which holds the real secret.
                _proxyKey ??= _context.Cancels.Register(this, key.ProcessId);
                new BackendKeyDataMessage(_proxyKey.Value.ProcessId, _proxyKey.Value.SecretKey).Write(plan.Replace());
                return false;
            case BackendCode.ErrorResponse:
                if (!ErrorResponseMessage.TryParse(body, out var error))
                {
                    throw new ProtocolViolationException("invalid ErrorResponse from the database server");
                }
                if (TryTakeDenial(error!, out var denial))
                {
                    // The denied statement never ran; it has no unit, but its group failed.
                    _groupError = true;
                    ErrorResponseMessage.Write(plan.Replace(), "ERROR", denial.SqlState, denial.Message);
                    return false;
                }
                if (_tracking)
                {
                    ErrorReceived(error!);
                }
                if (ShouldScrub())
                {
                    WriteScrubbed(plan, error!, code);
                }
                else
                {
                    plan.Pass(offset, total);
                }
                return false;
            default:
                plan.Pass(offset, total);
                return false;
        }
    }
}
