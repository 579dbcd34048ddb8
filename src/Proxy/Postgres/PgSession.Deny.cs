using MaskingProxy.Proxy.Postgres.Messages;

namespace MaskingProxy.Proxy.Postgres;

public sealed partial class PgSession
{
    /// <summary>
    /// Registers a denial and returns the marker text to send in place of the statement (see
    /// <see cref="DenyMarker"/> for why the backend, not the proxy, raises the error). Every refusal
    /// of a statement comes through here, so this is where it is counted.
    /// </summary>
    private string IssueDenial(string? reason, string sqlState)
    {
        _context.Metrics.StatementDenied();
        var id = Interlocked.Increment(ref _nextDenialId);
        var message = sqlState == Protocol.SqlState.InsufficientPrivilege
            ? "permission denied by masking policy: " + (string.IsNullOrEmpty(reason) ? "statement not allowed" : reason)
            : reason ?? "statement refused";
        _denials[id] = new PendingDenial(message, sqlState, _syncsSent);
        Interlocked.Increment(ref _pendingDenials);
        return DenyMarker.Create(id);
    }

    private bool TryTakeDenial(ErrorResponseMessage error, out PendingDenial denial)
    {
        denial = default;
        if (Volatile.Read(ref _pendingDenials) == 0 || !DenyMarker.TryMatch(error.Message, out var id) || !_denials.TryRemove(id, out denial))
        {
            return false;
        }
        Interlocked.Decrement(ref _pendingDenials);
        return true;
    }

    /// <summary>
    /// Called for each ReadyForQuery. Denials of that sync group whose marker the backend skipped
    /// (it was already discarding after an earlier error) will never be answered: forget them.
    /// Returns true when a draining session is now idle and should close.
    /// </summary>
    private bool ReadyForQueryReceived()
    {
        if (!_startupReadySeen)
        {
            // The first ReadyForQuery ends startup and answers no request.
            _startupReadySeen = true;
            return _draining;
        }
        _readyReceived++;
        var remaining = Interlocked.Decrement(ref _outstanding);
        if (Volatile.Read(ref _pendingDenials) != 0)
        {
            foreach (var entry in _denials)
            {
                if (entry.Value.SyncGroup < _readyReceived && _denials.TryRemove(entry.Key, out _))
                {
                    Interlocked.Decrement(ref _pendingDenials);
                }
            }
        }
        return _draining && remaining <= 0;
    }
}
