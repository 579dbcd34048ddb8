using MaskingProxy.AuditLog.Records;

namespace MaskingProxy.AuditLog.Log;

/// <summary>The writer thread: batching, checkpoint cadence, timed flushes and retries.</summary>
public sealed partial class AuditLogWriter
{
    /// <summary>Batch mode: appends queued beyond this wake the writer at once.</summary>
    private const int BatchGatherLimit = 512;

    /// <summary>Sync mode: how many times a batch takes in what was queued while it was written, before its fsync.</summary>
    private const int MaxLateJoins = 2;

    /// <summary>Buffers for queued bodies larger than this are not kept after use.</summary>
    private const int MaxRetainedBytes = 1 << 20;

    private readonly ByteBuffer _batch = new(64 * 1024);

    /// <summary>A request someone waits on (flush, checkpoint) was queued since the last swap (under the gate).</summary>
    private bool _urgent;
    private long _lastCheckpointAt;

    private void Run()
    {
        Exception? closeFailure = null;
        try
        {
            while (true)
            {
                List<PendingAppend> batch;
                bool closing;
                lock (_gate)
                {
                    while (_incoming.Count == 0 && !_closing)
                    {
                        var wait = TimeUntilTimedWork();
                        if (wait == TimeSpan.Zero)
                        {
                            break;
                        }

                        Monitor.Wait(_gate, wait == Timeout.InfiniteTimeSpan ? Timeout.Infinite : (int)Math.Ceiling(wait.TotalMilliseconds));
                    }

                    // Batch mode: nobody waits for an append, so let appends gather for a moment. The
                    // writer is then woken once per gather interval instead of once per record, which on
                    // a busy host costs more than the record itself (futex wake, context switch).
                    if (_options.Durability == DurabilityMode.Batch && !_closing && _incoming.Count is > 0 and < BatchGatherLimit && !_urgent)
                    {
                        Monitor.Wait(_gate, _options.BatchGatherInterval);
                    }

                    batch = _incoming;
                    _incoming = _draining;
                    _draining = batch;
                    (_incomingBytes, _drainingBytes) = (_drainingBytes, _incomingBytes);
                    closing = _closing;
                    _urgent = false;
                }

                if (batch.Count > 0)
                {
                    ProcessBatch(batch);
                    _convoy = batch.Count;
                    batch.Clear();
                    ClearDrainingBytes();
                    OnBatchCompleted();
                }

                TimedWork();
                if (closing)
                {
                    closeFailure = Shutdown();
                    return;
                }
            }
        }
        catch (Exception ex)
        {
            // Not an I/O failure (those are handled where they happen): a bug. Refuse everything
            // from now on rather than let callers wait forever.
            closeFailure = ex;
            _fault = ex;
            lock (_gate)
            {
                _closing = true;
                Reject(_incoming, ex);
                _incoming.Clear();
                _incomingBytes.Clear();
            }

            ReleaseResources();
        }
        finally
        {
            if (closeFailure is null)
            {
                _stopped.TrySetResult();
            }
            else
            {
                _stopped.TrySetException(new AuditLogUnavailableException("The audit log was not closed cleanly: " + closeFailure.Message, closeFailure));
            }
        }
    }

    private void ProcessBatch(List<PendingAppend> batch)
    {
        if (_fault is not null && (!RetryDue() || !TryRecover()))
        {
            _rejected += batch.Count;
            Reject(batch, _fault!);
            return;
        }

        var position = _sealer.Position;
        var unsyncedBefore = _unsynced.Length;
        var flush = _options.Durability == DurabilityMode.Sync;
        try
        {
            // Sync: what arrives while the batch is being written joins it before the fsync (up to
            // MaxLateJoins more writes), rather than waiting for this fsync and then a whole
            // write-and-fsync cycle of its own.
            for (int round = 0, from = 0; ; round++)
            {
                _batch.Clear();
                var requested = SealRequests(batch, from);
                flush |= requested;
                if (round == 0)
                {
                    if (!requested)
                    {
                        GatherConvoy(batch);
                    }

                    if (IntervalCheckpointDue())
                    {
                        SealCheckpoint(CheckpointReason.Interval);
                    }
                }

                _sealer.CompleteMacs(_batch);
                AppendToFile(_batch.Span);
                if (round == MaxLateJoins || !flush || (from = TakeLateJoiners(batch, out _)) == batch.Count)
                {
                    break;
                }
            }

            if (flush || _unsynced.Length >= _options.BatchFlushBytes)
            {
                SyncFile();
            }
        }
        catch (Exception ex)
        {
            _sealer.Restore(position);
            _unsynced.Truncate(unsyncedBefore);
            _segmentLength = _durableLength + _unsynced.Length;
            EnterFault(ex, batch.Count(p => p.Kind == PendingAppend.RequestKind.Append));
            Reject(batch, ex);
            return;
        }

        foreach (var pending in batch)
        {
            pending.Completion.TrySetResult(new AuditTicket(_sealer.ChainId, pending.Seq));
        }

        if (_segmentLength >= _options.SegmentMaxBytes)
        {
            Rotate();
        }
    }

    /// <summary>
    /// Seals requests [<paramref name="from"/>..] of the batch into <see cref="_batch"/> (MACs
    /// deferred); true when one of them (a checkpoint or flush request) needs an fsync.
    /// </summary>
    private bool SealRequests(List<PendingAppend> batch, int from)
    {
        var flush = false;
        for (var i = from; i < batch.Count; i++)
        {
            var pending = batch[i];
            switch (pending.Kind)
            {
                case PendingAppend.RequestKind.Append:
                    pending.Seq = _sealer.SealDeferringMac(_drainingBytes.Span.Slice(pending.BodyStart, pending.BodyLength), pending.Split, _batch);
                    if (_sealer.RecordsSinceCheckpoint >= _options.Checkpoints.Records
                        && _time.GetElapsedTime(_lastCheckpointAt) >= _options.Checkpoints.MinInterval)
                    {
                        SealCheckpoint(CheckpointReason.Count);
                    }

                    break;
                case PendingAppend.RequestKind.Checkpoint:
                    pending.Seq = SealCheckpoint(CheckpointReason.Manual);
                    flush = true;
                    break;
                default:
                    pending.Seq = _sealer.NextSeq - 1;
                    flush = true;
                    break;
            }
        }

        return flush;
    }

    /// <summary>
    /// Moves what was queued meanwhile into the batch being written (bodies copied next to the
    /// batch's own); returns the index of the first request taken (the batch's count when none).
    /// </summary>
    private int TakeLateJoiners(List<PendingAppend> batch, out bool closing)
    {
        var from = batch.Count;
        lock (_gate)
        {
            closing = _closing;
            if (_closing || _incoming.Count == 0)
            {
                return from;
            }

            foreach (var pending in _incoming)
            {
                var body = _incomingBytes.Span.Slice(pending.BodyStart, pending.BodyLength);
                pending.BodyStart = _drainingBytes.Length;
                _drainingBytes.Write(body);
                batch.Add(pending);
            }

            _incoming.Clear();
            _incomingBytes.Clear();
        }

        return from;
    }

    private void TimedWork()
    {
        if (_fault is not null)
        {
            if (RetryDue())
            {
                TryRecover();
            }

            return;
        }

        if (IntervalCheckpointDue())
        {
            WriteOwnRecords(() => SealCheckpoint(CheckpointReason.Interval), sync: _options.Durability == DurabilityMode.Sync);
        }

        if (_fault is null && _unsynced.Length > 0 && _time.GetElapsedTime(_unsyncedSince) >= _options.BatchFlushInterval)
        {
            try
            {
                SyncFile();
            }
            catch (Exception ex)
            {
                EnterFault(ex, 0);
            }
        }
    }

    /// <summary>How long the thread may sleep before it has timed work (infinite when none).</summary>
    private TimeSpan TimeUntilTimedWork()
    {
        var wait = Timeout.InfiniteTimeSpan;
        if (_fault is not null)
        {
            return Min(wait, _options.RetryInterval - _time.GetElapsedTime(_faultAt));
        }

        if (_sealer.RecordsSinceCheckpoint > 0)
        {
            wait = Min(wait, _options.Checkpoints.Interval - _time.GetElapsedTime(_lastCheckpointAt));
        }

        if (_unsynced.Length > 0)
        {
            wait = Min(wait, _options.BatchFlushInterval - _time.GetElapsedTime(_unsyncedSince));
        }

        return wait;

        static TimeSpan Min(TimeSpan current, TimeSpan candidate)
        {
            candidate = candidate < TimeSpan.Zero ? TimeSpan.Zero : candidate;
            return current == Timeout.InfiniteTimeSpan || candidate < current ? candidate : current;
        }
    }

    private bool IntervalCheckpointDue()
        => _sealer.RecordsSinceCheckpoint > 0 && _time.GetElapsedTime(_lastCheckpointAt) >= _options.Checkpoints.Interval;

    private bool RetryDue() => _time.GetElapsedTime(_faultAt) >= _options.RetryInterval;

    private long SealCheckpoint(CheckpointReason reason)
    {
        _lastCheckpointAt = _time.GetTimestamp();
        return _sealer.SealCheckpoint(reason, _time.GetUtcNow(), _batch);
    }

    private Exception? Shutdown()
    {
        if (_fault is not null)
        {
            TryRecover();
        }

        if (_fault is null)
        {
            WriteOwnRecords(() => SealCheckpoint(CheckpointReason.Shutdown), sync: true);
        }

        CutReservation();
        var failure = _fault;
        ReleaseResources();
        return failure;
    }

    private void ReleaseResources()
    {
        _file?.Dispose();
        _file = null;
        _lock.Dispose();
        _sealer.Dispose();
        _batch.Dispose();
        _unsynced.Dispose();
        _drainingBytes.Dispose();
        lock (_gate)
        {
            _incomingBytes.Dispose(); // nothing is queued once closing
        }
    }

    /// <summary>Empties the drained bodies; a buffer grown by a burst of appends is given back rather than kept.</summary>
    private void ClearDrainingBytes()
    {
        _drainingBytes.Clear();
        if (_drainingBytes.Array.Length > MaxRetainedBytes)
        {
            _drainingBytes.Dispose();
            _drainingBytes = new ByteBuffer(64 * 1024);
        }
    }

    private void Reject(List<PendingAppend> batch, Exception cause)
    {
        foreach (var pending in batch)
        {
            pending.Completion.TrySetException(cause as AuditLogUnavailableException
                ?? new AuditLogUnavailableException("The audit record could not be written: " + cause.Message, cause));

            // Marked observed here: many appends (outcomes, connections) are fire-and-forget, and a
            // continuation per append only to observe a rare failure would cost a thread-pool work
            // item per record. Callers that await still get the exception; RejectedAppends counts them.
            _ = pending.Completion.Task.Exception;
            Interlocked.Increment(ref _rejectedAppends);
        }
    }
}
