namespace MaskingProxy.AuditLog.Shipping;

/// <summary>
/// Counters and gauges of an <see cref="AuditShipper"/> (for /metrics). Updated by the shipper's
/// task with interlocked operations; readable from any thread.
/// </summary>
public sealed class ShipperMetrics
{
    private readonly TimeProvider _time;
    private long _shipped;
    private long _alreadyPresent;
    private long _poison;
    private long _retriedItems;
    private long _failedRequests;
    private long _truncations;
    private long _lastShippedSeq;
    private long _lagRecords;
    private long _oldestPendingTicks; // UTC ticks of the oldest record not yet confirmed; 0 = caught up

    internal ShipperMetrics(TimeProvider time) => _time = time;

    /// <summary>Records confirmed stored (201 created, or 409 already present).</summary>
    public long Shipped => Interlocked.Read(ref _shipped);

    /// <summary>Of <see cref="Shipped"/>, records Elasticsearch already had (409: a retry of a request that had in fact succeeded).</summary>
    public long AlreadyPresent => Interlocked.Read(ref _alreadyPresent);

    /// <summary>Records that can never be shipped (rejected with a 4xx other than 409, unparseable or over-long lines): logged and skipped.</summary>
    public long Poison => Interlocked.Read(ref _poison);

    /// <summary>Items sent again after a 429/5xx item result.</summary>
    public long RetriedItems => Interlocked.Read(ref _retriedItems);

    /// <summary>Bulk or template requests that failed as a whole (no connection, timeout, 429, 5xx, auth).</summary>
    public long FailedRequests => Interlocked.Read(ref _failedRequests);

    /// <summary>Times a segment was found shorter than the shipped position (write-failure recovery cut bytes).</summary>
    public long Truncations => Interlocked.Read(ref _truncations);

    /// <summary>Sequence number of the last record confirmed.</summary>
    public long LastShippedSeq => Interlocked.Read(ref _lastShippedSeq);

    /// <summary>Complete records in the log that are not yet confirmed.</summary>
    public long LagRecords => Interlocked.Read(ref _lagRecords);

    /// <summary>Age of the oldest record not yet confirmed (0 when caught up).</summary>
    public double LagSeconds
    {
        get
        {
            var ticks = Interlocked.Read(ref _oldestPendingTicks);
            return ticks == 0 ? 0 : Math.Max(0, (_time.GetUtcNow().UtcTicks - ticks) / (double)TimeSpan.TicksPerSecond);
        }
    }

    internal void AddShipped(long created, long alreadyPresent)
    {
        Interlocked.Add(ref _shipped, created + alreadyPresent);
        Interlocked.Add(ref _alreadyPresent, alreadyPresent);
    }

    internal void AddPoison(long count) => Interlocked.Add(ref _poison, count);

    internal void AddRetried(long count) => Interlocked.Add(ref _retriedItems, count);

    internal void FailedRequest() => Interlocked.Increment(ref _failedRequests);

    internal void Truncated() => Interlocked.Increment(ref _truncations);

    internal void SetLastShipped(long seq) => Interlocked.Exchange(ref _lastShippedSeq, seq);

    internal void SetLag(long records, DateTimeOffset? oldestPending)
    {
        Interlocked.Exchange(ref _lagRecords, Math.Max(0, records));
        Interlocked.Exchange(ref _oldestPendingTicks, oldestPending?.UtcTicks ?? 0);
    }
}
