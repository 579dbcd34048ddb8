using MaskingProxy.Proxy.Auditing;
using MaskingProxy.Proxy.Interception;
using MaskingProxy.Proxy.Postgres.Messages;
using MaskingProxy.Proxy.Postgres.Protocol;
using MaskingProxy.Proxy.Transport;
using MaskingProxy.SqlRewriter.Catalog;

namespace MaskingProxy.Proxy.Postgres;

/// <summary>
/// What the session learns once the login is known: whether it is tracked and audited, and — for
/// masked logins — the search_path the database starts it with (role and database defaults can set
/// it, and PostgreSQL 15 does not report it), read with a query of the proxy's own whose answer the
/// client never sees.
/// </summary>
public sealed partial class PgSession
{
    private const string SearchPathQuery = "SHOW search_path";

    /// <summary>Statements are queued for attribution (a policy or an audit log is configured).</summary>
    private bool _tracking;

    private bool _auditing;

    /// <summary>durability: sync — results and writes wait for their records.</summary>
    private bool _waitForDurability;

    /// <summary>The proxy's own query is being answered (after the startup ReadyForQuery).</summary>
    private volatile bool _internalQuery;

    private string? _internalSearchPath;

    /// <summary>Completed when the initial search_path is known; null when not needed.</summary>
    private TaskCompletionSource? _searchPathReady;

    /// <summary>Durability of the latest record: results wait for it before reaching the client.</summary>
    private volatile Task? _auditBarrier;

    private DateTimeOffset _openedAt;

    /// <summary>Called once the startup packet is read: decide what this session needs.</summary>
    private string? ClassifySession()
    {
        _openedAt = DateTimeOffset.UtcNow;
        _auditing = _context.Audit is not NullAuditSink;
        _waitForDurability = _auditing && _context.Audit.WaitForDurability;
        _tracking = _auditing || _context.Interceptor is not PassthroughInterceptor;
        if (_auditing)
        {
            _context.Audit.Connection(Facts!, ConnectionEvent.Opened, null, null);
        }
        return _context.Interceptor.RefuseConnection(Facts!);
    }

    private void AuthenticationFinished(bool success, string? sqlState, string? message)
    {
        if (_auditing)
        {
            _context.Audit.Authentication(Facts!, success, null, sqlState, message);
        }
    }

    private void AuditConnectionClosed(string? reason)
    {
        if (_auditing && Facts is not null)
        {
            _context.Audit.Connection(Facts, ConnectionEvent.Closed, reason, DateTimeOffset.UtcNow - _openedAt);
        }
    }

    /// <summary>Sends the search_path query right behind the startup; the backend pump consumes its answer.</summary>
    private async Task RequestSearchPathAsync(CancellationToken cancellationToken)
    {
        // Also for logins without rules now: a policy reload can put rules in force mid-session.
        if (!_context.Interceptor.TracksSessionState && !_context.Interceptor.HasRules(Facts!))
        {
            return;
        }
        _searchPathReady = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _internalQuery = true;
        using var buffer = new PooledBuffer(64);
        QueryMessage.Write(buffer, SearchPathQuery);
        await WriteBackendAsync(buffer.WrittenMemory, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Answer to the proxy's own query: never relayed, never counted as a sync group.</summary>
    private void HandleInternalResponse(BackendCode code, ReadOnlySpan<byte> body)
    {
        switch (code)
        {
            case BackendCode.DataRow:
                _internalSearchPath = DataRowMessage.TryGetText(body, 0, out var path) ? path : null;
                break;
            case BackendCode.ReadyForQuery:
                _internalQuery = false;
                if (_internalSearchPath is { } text)
                {
                    _defaultSearchPath = SearchPath.Parse(text);
                    lock (_settingsLock)
                    {
                        _settings = _settings.WithSearchPath(_defaultSearchPath);
                    }
                }
                else
                {
                    // Unknown start state: masked statements wait for an explicit SET search_path.
                    _searchPathUncertain = true;
                }
                _searchPathReady!.TrySetResult();
                break;
            case BackendCode.ParameterStatus:
                RecordParameterStatus(body);
                break;
        }
    }

    /// <summary>Waits for the records behind the results about to be relayed; a failed record ends the session.</summary>
    private async Task AwaitAuditAsync(Task barrier)
    {
        try
        {
            await barrier.ConfigureAwait(false);
        }
        catch (Exception)
        {
            _context.Metrics.Error(Observability.ErrorKind.Audit);
            throw new ProtocolViolationException("the audit log cannot be written; results are withheld and the connection is closed", SqlState.IoError);
        }
    }
}
