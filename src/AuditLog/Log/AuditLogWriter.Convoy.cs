using System.Diagnostics;

namespace MaskingProxy.AuditLog.Log;

/// <summary>
/// Sync mode: gathering the rest of a convoy before the first write of a batch.
/// </summary>
/// <remarks>
/// In sync mode every client whose record was in a group commit gets its results at the same
/// moment, so the clients come back together: their next statements reach the writer within
/// about one client round trip of each other. Taking the first of them alone means a write for
/// it and a second (late-join) write for the rest before the fsync, and every write is a device
/// round trip. Measured on the benchmark machine (8 pgbench clients, sync, masking, interleaved
/// rounds of 6 s against the previous commit): records per fsync 6.2–9.6 → 10.4–12.7; TPS median
/// +7 % prepared (better in 6 of 8 rounds), +13 % simple (7 of 8), +5 % extended (5 of 6). The
/// wait never exceeds what one write has recently taken (beyond that a late-join write is
/// cheaper), nor <see cref="AuditLogOptions.SyncGatherLimit"/>. In that benchmark the wait mostly
/// runs to the end of its window: a convoy's statements reached the writer over about 0.4 ms (the
/// proxy then had one event thread, which handled them one after another), so most batches took
/// a late-join write; the gain is fewer and larger group commits (timers around the writer's phases: 11.6
/// records per batch, waiting 223 µs, sealing 82 µs, 1.87 writes 272 µs, fsync 114 µs, relaying the
/// held results 106 µs). Sealing each arrival during the wait instead of all of them after it took
/// those 82 µs off the commit path: sync + masking, rounds of 6 s with under 5 % steal, TPS prepared
/// 7,980–8,964 → 9,053–10,706, simple 8,830–9,093 → 9,422–10,151.
/// </remarks>
public sealed partial class AuditLogWriter
{
    /// <summary>Requests in the last batch written: how many to expect back in a convoy.</summary>
    private int _convoy;

    /// <summary>Moving average of one write's duration, in <see cref="Stopwatch"/> ticks.</summary>
    private long _writeTicks;

    /// <summary>
    /// Sync mode, with the first requests of a batch sealed: takes in and seals the rest of the convoy
    /// as it arrives, yielding the CPU in between, until the batch holds as many requests as the
    /// last one or the gather window is over. Sealing here rather than after the wait takes the
    /// chain hashing off the path between the last arrival and the write. Yielding rather than
    /// sleeping: on a host where clients and database share the cores, they are the ones about to
    /// produce the appends, and a timed sleep is far coarser than the window. A flush or checkpoint
    /// request taken in ends the wait: someone waits for it.
    /// </summary>
    private void GatherConvoy(List<PendingAppend> batch)
    {
        // Batch mode never waits for an append.
        if (_options.Durability != DurabilityMode.Sync)
        {
            return;
        }

        // Stopwatch, not the options' TimeProvider: this bounds a CPU wait, and a test clock that
        // stands still must not turn it into an endless one.
        var window = Math.Min(_writeTicks, (long)(_options.SyncGatherLimit.TotalSeconds * Stopwatch.Frequency));
        var deadline = Stopwatch.GetTimestamp() + window;
        while (batch.Count < _convoy && Stopwatch.GetTimestamp() < deadline)
        {
            Thread.Yield();
            var from = TakeLateJoiners(batch, out var closing);
            if (closing || (from < batch.Count && SealRequests(batch, from)))
            {
                return;
            }
        }
    }

    /// <summary>Folds one write's duration into the average that bounds <see cref="AwaitConvoy"/>.</summary>
    private void RecordWriteDuration(long ticks)
        => _writeTicks = _writeTicks == 0 ? ticks : (_writeTicks * 7 + ticks) / 8;
}
