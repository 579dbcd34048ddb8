using MaskingProxy.AuditLog.Records;

namespace MaskingProxy.AuditLog.Log;

/// <summary>Replacing a record that is still queued: how a statement record comes to carry its own outcome.</summary>
public sealed partial class AuditLogWriter
{
    /// <summary>
    /// Replaces the record of <paramref name="appended"/> with <paramref name="replacement"/> if the
    /// writer has not taken it from the queue yet, so nothing of it has been chained or written. The
    /// replacement keeps the original's timestamp and queue position, and <paramref name="appended"/>
    /// completes for it. False when the writer already took the record: append separately.
    /// </summary>
    /// <remarks>
    /// A statement that finishes while its record waits (a read whose result arrives during the
    /// previous group commit, or within batch mode's gather interval) is then recorded by one record
    /// with its outcome instead of a statement record and a statement_outcome record: one record less
    /// to serialize, hash, MAC and write per statement (docs/audit-format.md §4).
    /// </remarks>
    public bool TryReplaceQueued(Task<AuditTicket> appended, AuditRecord replacement)
    {
        ArgumentNullException.ThrowIfNull(appended);
        ArgumentNullException.ThrowIfNull(replacement);
        DateTimeOffset timestamp;
        PendingAppend? queued;
        lock (_gate)
        {
            queued = FindQueued(appended);
            if (queued is null)
            {
                return false;
            }

            timestamp = queued.Timestamp;
        }

        // Serialized outside the lock (appenders and the writer's queue swap wait on it), into the
        // same per-thread buffer appends use.
        var body = t_body ??= new ByteBuffer(4096);
        body.Clear();
        int split;
        try
        {
            split = RecordSerializer.WriteBody(replacement, timestamp, body);
        }
        catch (ArgumentException)
        {
            return false; // not serializable: appended separately, that append reports it
        }

        var replaced = false;
        lock (_gate)
        {
            if (FindQueued(appended) == queued)
            {
                // The old bytes stay in the queued buffer, unused; the queue entry points at the new ones.
                queued.BodyStart = _incomingBytes.Length;
                queued.BodyLength = body.Length;
                queued.Split = split;
                _incomingBytes.Write(body.Span);
                replaced = true;
            }
        }

        if (body.Array.Length > MaxThreadBodyBytes)
        {
            body.Dispose();
            t_body = null;
        }

        return replaced;
    }

    /// <summary>The queued append whose task is <paramref name="appended"/>; recent appends are at the end.</summary>
    private PendingAppend? FindQueued(Task<AuditTicket> appended)
    {
        if (appended.IsCompleted)
        {
            return null;
        }

        for (var i = _incoming.Count - 1; i >= 0; i--)
        {
            var pending = _incoming[i];
            if (pending.Completion.Task == appended && pending.Kind == PendingAppend.RequestKind.Append)
            {
                return pending;
            }
        }

        return null;
    }
}
