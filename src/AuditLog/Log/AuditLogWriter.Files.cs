using System.Diagnostics;
using MaskingProxy.AuditLog.Records;

namespace MaskingProxy.AuditLog.Log;

/// <summary>Segment files: start, append, fsync, rotation, failure and recovery.</summary>
public sealed partial class AuditLogWriter
{
    /// <summary>How far zeros are reserved past the appends (one fsync of the reservation per this many bytes of records).</summary>
    private const long ReserveAhead = 1 << 20;

    private readonly ByteBuffer _unsynced = new(64 * 1024);
    private IAuditFile? _file;
    private long _segmentNumber;
    private string _segmentPath = string.Empty;

    // _segmentLength: bytes written; _durableLength: bytes known fsynced. In between lie the
    // acknowledged-but-unsynced bytes of batch mode, kept in _unsynced so they can be rewritten.
    private long _segmentLength;
    private long _durableLength;

    // Zeros are written (and fsynced) this far ahead of the appends: see IAuditFile.Reserve. Closed
    // segments are cut back to their records; a crash leaves the zeros, which readers take as the end.
    private long _reservedTo;

    // After a failed reservation the next one waits until the appends reach this offset.
    private long _nextReserveAt;
    private long _unsyncedSince;
    private long _faultAt;
    private long _rejected;

    private void Start(StartupState state)
    {
        _segmentNumber = state.SegmentNumber;
        _segmentPath = state.SegmentPath;
        _lastCheckpointAt = _time.GetTimestamp();
        _sealer.Restore(new ChainPosition(state.NextSeq, state.LastHash, state.RecordsSinceCheckpoint));
        try
        {
            var created = state.NeedsSegmentRecord && state.SegmentLength == 0;
            _file = _fileSystem.Open(_segmentPath, create: created);
            _segmentLength = _durableLength = state.SegmentLength;
            _reservedTo = _segmentLength;
            WriteStartupRecords(state);
            if (created)
            {
                _fileSystem.SyncDirectory(_options.Directory);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            ReleaseResources();
            throw new AuditLogUnavailableException($"Cannot open the audit log in {_options.Directory}: {ex.Message}", ex);
        }

        Startup = new StartupReport
        {
            ChainId = state.ChainId,
            NewChain = state.NewChain,
            Segment = Path.GetFileName(_segmentPath),
            LastSeq = state.NextSeq - 1,
            PreviousRunClean = state.PreviousRunClean,
            TornBytesCut = state.TornBytes,
            TornOffset = state.TornBytes > 0 ? state.TornOffset : null,
        };
        _thread.Start();
    }

    private void WriteStartupRecords(StartupState state)
    {
        var now = _time.GetUtcNow();
        _batch.Clear();
        if (state.NeedsSegmentRecord)
        {
            _sealer.Seal(
                new SegmentRecord
                {
                    Number = state.SegmentNumber,
                    PrevHash = Convert.ToHexStringLower(state.LastHash),
                    PrevSegment = state.PreviousSegmentName,
                },
                now,
                _batch);
        }

        if (state.TornBytes > 0 || !state.PreviousRunClean)
        {
            _sealer.Seal(
                new RecoveryRecord
                {
                    Kind = state.TornBytes > 0 ? RecoveryKind.TornTail : RecoveryKind.UncleanShutdown,
                    Segment = Path.GetFileName(state.SegmentPath),
                    Offset = state.TornBytes > 0 ? state.TornOffset : null,
                    CutBytes = state.TornBytes > 0 ? state.TornBytes : null,
                    CutSm3 = state.TornSm3,
                    LastSeq = state.NextSeq - 1,
                    Detail = state.TornBytes > 0
                        ? "previous run stopped mid-write (" + state.TornDetail + "); the partial line was cut"
                        : "previous run ended without a shutdown checkpoint",
                },
                now,
                _batch);
        }

        if (_batch.Length > 0)
        {
            AppendToFile(_batch.Span);
            SyncFile();
        }
    }

    private void AppendToFile(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty)
        {
            return;
        }

        if (_segmentLength + data.Length > _reservedTo && _segmentLength >= _nextReserveAt)
        {
            Reserve(_segmentLength + data.Length);
        }

        var started = Stopwatch.GetTimestamp();
        _file!.Write(data, _segmentLength);
        var elapsed = Stopwatch.GetTimestamp() - started;
        RecordWriteDuration(elapsed);
        Interlocked.Add(ref _writeTicksTotal, elapsed);
        Interlocked.Increment(ref _writes);
        _segmentLength += data.Length;
        if (_unsynced.Length == 0)
        {
            _unsyncedSince = _time.GetTimestamp();
        }

        _unsynced.Write(data);
    }

    private void SyncFile()
    {
        var started = Stopwatch.GetTimestamp();
        _file!.Flush();
        var elapsed = Stopwatch.GetTimestamp() - started;
        _durableLength = _segmentLength;
        _unsynced.Clear();
        Interlocked.Add(ref _syncTicksTotal, elapsed);
        Interlocked.Increment(ref _syncs);
    }

    /// <summary>Seals writer records into the batch and writes them; on failure rolls back and faults.</summary>
    private void WriteOwnRecords(Action seal, bool sync)
    {
        var position = _sealer.Position;
        var unsyncedBefore = _unsynced.Length;
        _batch.Clear();
        try
        {
            seal();
            AppendToFile(_batch.Span);
            if (sync)
            {
                SyncFile();
            }
        }
        catch (Exception ex)
        {
            _sealer.Restore(position);
            _unsynced.Truncate(unsyncedBefore);
            _segmentLength = _durableLength + _unsynced.Length;
            EnterFault(ex, 0);
        }
    }

    private void EnterFault(Exception ex, long rejected)
    {
        _fault = ex;
        _faultAt = _time.GetTimestamp();
        _rejected += rejected;
        _file?.Dispose();
        _file = null;
    }

    /// <summary>
    /// Reopens the segment, cuts it back to the last fsynced offset, rewrites the acknowledged but
    /// unsynced bytes, fsyncs, checks the length, and records the episode. False if still failing.
    /// </summary>
    private bool TryRecover()
    {
        var rewriteFrom = _durableLength;
        var position = _sealer.Position;
        var rewritten = false;
        try
        {
            var file = _fileSystem.Open(_segmentPath, create: false);
            try
            {
                file.SetLength(_durableLength);
                if (_unsynced.Length > 0)
                {
                    file.Write(_unsynced.Span, _durableLength);
                }

                file.Flush();
                var expected = _durableLength + _unsynced.Length;
                if (file.Length != expected)
                {
                    throw new IOException($"Segment is {file.Length} bytes after rewrite; expected {expected}.");
                }
            }
            catch
            {
                file.Dispose();
                throw;
            }

            // From here on the acknowledged bytes are durable again.
            _file = file;
            _segmentLength = _durableLength += _unsynced.Length;
            _reservedTo = _segmentLength;
            _unsynced.Clear();
            rewritten = true;

            _batch.Clear();
            _sealer.Seal(
                new RecoveryRecord
                {
                    Kind = RecoveryKind.WriteFailure,
                    Segment = Path.GetFileName(_segmentPath),
                    Offset = rewriteFrom,
                    LastSeq = _sealer.NextSeq - 1,
                    Rejected = _rejected,
                    Detail = "writing failed (" + _fault?.GetType().Name + ": " + _fault?.Message + "); segment cut back to its last fsynced offset and rewritten",
                },
                _time.GetUtcNow(),
                _batch);
            AppendToFile(_batch.Span);
            SyncFile();
            _fault = null;
            _rejected = 0;
            return true;
        }
        catch (Exception ex)
        {
            // Undo only what this attempt added (the recovery record). Acknowledged but unsynced
            // bytes stay in _unsynced until a rewrite of them has been fsynced.
            _sealer.Restore(position);
            if (rewritten)
            {
                _unsynced.Clear();
            }

            _segmentLength = _durableLength + _unsynced.Length;
            _file?.Dispose();
            _file = null;
            _fault = ex;
            _faultAt = _time.GetTimestamp();
            return false;
        }
    }

    /// <summary>
    /// Reserves zeros past <paramref name="end"/>. Only an optimization: when the disk cannot take the
    /// reservation (nearly full) the appends go on without one, and the next attempt waits for another
    /// <see cref="ReserveAhead"/> bytes of records; a real write failure shows on the append itself.
    /// </summary>
    private void Reserve(long end)
    {
        var from = Math.Max(_reservedTo, _segmentLength);
        var to = end + ReserveAhead;
        try
        {
            _file!.Reserve(from, to);
            _reservedTo = to;
        }
        catch (IOException)
        {
            // Give back what the attempt took: on a full disk the appends must see the real space
            // left (and fail with it), not live on zeros written a moment ago.
            try
            {
                _file!.SetLength(from);
            }
            catch (IOException)
            {
                // Zeros left behind are harmless: readers stop at them and appends overwrite them.
            }

            _reservedTo = Math.Max(_reservedTo, _segmentLength);
            _nextReserveAt = end + ReserveAhead;
        }
    }

    /// <summary>
    /// A segment being closed loses its reserved zeros, so closed segments hold their records only. Best
    /// effort: readers stop at the zeros anyway, and start-up cuts them from the last segment.
    /// </summary>
    private void CutReservation()
    {
        if (_file is null || _fault is not null || _reservedTo <= _segmentLength)
        {
            return;
        }

        try
        {
            _file.SetLength(_segmentLength);
            _file.Flush();
            _reservedTo = _segmentLength;
        }
        catch (IOException)
        {
            // The zeros stay; nothing reads them as records.
        }
    }

    /// <summary>Closes the full segment with a rotation checkpoint and opens the next one.</summary>
    private void Rotate()
    {
        WriteOwnRecords(() => SealCheckpoint(CheckpointReason.Rotation), sync: true);
        if (_fault is not null)
        {
            return;
        }

        var number = _segmentNumber + 1;
        var path = Path.Combine(_options.Directory, SegmentNames.Format(number));
        var afterCheckpoint = _sealer.Position;
        IAuditFile? next = null;
        try
        {
            // create: true truncates a half-made file left by an earlier failed rotation.
            next = _fileSystem.Open(path, create: true);
            _batch.Clear();
            _sealer.Seal(
                new SegmentRecord
                {
                    Number = number,
                    PrevHash = Convert.ToHexStringLower(_sealer.LastHash),
                    PrevSegment = Path.GetFileName(_segmentPath),
                },
                _time.GetUtcNow(),
                _batch);
            next.Write(_batch.Span, 0);
            next.Flush();
            _fileSystem.SyncDirectory(_options.Directory);
        }
        catch (Exception ex)
        {
            next?.Dispose();
            _sealer.Restore(afterCheckpoint);
            EnterFault(ex, 0);
            return;
        }

        CutReservation();
        _file?.Dispose();
        _file = next;
        _segmentNumber = number;
        _segmentPath = path;
        _segmentLength = _durableLength = _reservedTo = _batch.Length;
        _nextReserveAt = 0;
        _unsynced.Clear();
    }
}
