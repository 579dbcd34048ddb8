using MaskingProxy.AuditLog.Crypto;
using MaskingProxy.AuditLog.Log;
using MaskingProxy.AuditLog.Records;

namespace MaskingProxy.AuditLog.Verify;

/// <summary>One pass of <see cref="AuditVerifier"/> over a directory.</summary>
internal sealed class VerificationRun : IDisposable
{
    private static readonly byte[] ZeroHash = new byte[32];
    private readonly VerifyOptions _options;
    private readonly IReadOnlyList<(long Number, string Path)> _segments;
    private readonly bool _live;
    private readonly bool _macs;
    private readonly bool _signatures;
    private readonly ChainCursor _cursor;
    private readonly BlockEvaluator _evaluator;
    private readonly LineBlock _block = new();
    private long _records;
    private int _chains;
    private string? _tornSegment;
    private long _tornOffset;
    private bool _emptyLastSegment;

    public VerificationRun(string directory, KeyMaterial? keys, VerifyOptions options)
    {
        _options = options;
        _segments = SegmentNames.List(directory);
        _live = options.WriterRunning ?? DirectoryLock.IsHeld(directory);
        var hmacKey = keys is null ? default : keys.HmacKey;
        _macs = !hmacKey.IsEmpty;
        _signatures = keys?.PublicKey is not null;
        _cursor = new ChainCursor(hmacKey, keys?.PublicKey);
        _evaluator = new BlockEvaluator(hmacKey, keys?.PublicKey, options.Parallelism);
    }

    public VerifyResult Execute()
    {
        if (_segments.Count == 0)
        {
            return AuditVerifier.Unusable("No audit segments (audit-NNNNNN.jsonl) in the directory.");
        }

        for (var s = 0; s < _segments.Count; s++)
        {
            var (number, path) = _segments[s];
            var name = Path.GetFileName(path);
            if (s > 0 && number != _segments[s - 1].Number + 1)
            {
                return Broken(VerifyFailure.SegmentMismatch, _cursor.NextSeq, SegmentNames.Format(_segments[s - 1].Number + 1), null,
                    $"segment {SegmentNames.Format(_segments[s - 1].Number + 1)} is missing");
            }

            var first = true;
            var lastSegment = s == _segments.Count - 1;
            using var reader = new BlockReader(path);
            while (reader.Fill(_block))
            {
                _evaluator.Evaluate(_block, _cursor.Started ? _cursor.PrevHash : ZeroHash);
                for (var i = 0; i < _block.Count; i++)
                {
                    var result = Line(s, name, i, lastSegment, ref first);
                    if (result is not null)
                    {
                        return result;
                    }
                }
            }

            if (first)
            {
                if (!lastSegment)
                {
                    return Broken(VerifyFailure.SegmentMismatch, _cursor.NextSeq, name, 0, $"segment {name} is empty");
                }

                _emptyLastSegment = true;
            }
        }

        return Finish();
    }

    public void Dispose() => _block.Dispose();

    /// <summary>Checks line <paramref name="i"/> of the current block; a result means stop.</summary>
    private VerifyResult? Line(int segmentIndex, string name, int i, bool lastSegment, ref bool first)
    {
        var offset = _block.Offset[i];
        if (_block.ParseError[i] is { } error)
        {
            if (lastSegment && _block.EndOfSegment && i == _block.Count - 1)
            {
                _tornSegment = name;
                _tornOffset = offset;
                return null;
            }

            return Broken(VerifyFailure.Malformed, _cursor.Started ? _cursor.NextSeq : 1, name, offset, $"line is not a well-formed record ({error})");
        }

        ref readonly var parsed = ref _block.Parsed[i];
        var line = _block.Line(i);
        if (first)
        {
            first = false;
            var start = StartOfSegment(name, offset, line, parsed, _segments[segmentIndex].Number);
            if (start is not null)
            {
                return start;
            }
        }
        else if (parsed.Kind == LineKind.Segment)
        {
            return Broken(VerifyFailure.SegmentMismatch, parsed.Seq, name, offset, "segment record in the middle of a segment");
        }

        var check = _cursor.Accept(_block.Data, _block.Start[i], _block.Length[i], parsed, _block.Crypto[i], _block.SignatureVerified[i], out var detail);
        switch (check)
        {
            case LineCheck.Ok:
                _records++;
                return null;
            case LineCheck.SeqMismatch when parsed.Seq > _cursor.NextSeq:
                var expected = _cursor.NextSeq;
                return SeqScan.AppearsLater(_segments, segmentIndex, offset, _cursor.ChainIdBytes, expected)
                    ? Broken(VerifyFailure.Reorder, expected, name, offset, $"record {expected} is out of order: record {parsed.Seq} comes before it")
                    : Broken(VerifyFailure.Gap, expected, name, offset, parsed.Seq == expected + 1
                        ? $"record {expected} is missing"
                        : $"records {expected}..{parsed.Seq - 1} are missing");
            case LineCheck.SeqMismatch:
                var identical = ((ReadOnlySpan<byte>)parsed.Hash).SequenceEqual(_cursor.PrevHash) ? " (a copy of the record before it)" : string.Empty;
                return Broken(VerifyFailure.Duplicate, parsed.Seq, name, offset, $"record {parsed.Seq} appears again where {_cursor.NextSeq} was expected{identical}");
            case LineCheck.ChainMismatch:
                return Broken(VerifyFailure.ChainMismatch, parsed.Seq, name, offset, detail);
            case LineCheck.MacMismatch:
                return Broken(VerifyFailure.MacMismatch, parsed.Seq, name, offset, detail);
            case LineCheck.BadSignature:
                return Broken(VerifyFailure.BadSignature, parsed.Seq, name, offset, detail);
            default:
                return Broken(VerifyFailure.HashMismatch, parsed.Seq, name, offset, detail);
        }
    }

    /// <summary>A segment must open with its own segment record; a chain must open at seq 1.</summary>
    private VerifyResult? StartOfSegment(string name, long offset, ReadOnlySpan<byte> line, in SealedLine parsed, long number)
    {
        if (parsed.Kind != LineKind.Segment || parsed.SegmentNumber != number)
        {
            return Broken(VerifyFailure.SegmentMismatch, parsed.Seq, name, offset, $"{name} does not begin with its own segment record (number {number})");
        }

        var chain = line[parsed.Chain];
        if (_cursor.Started && chain.SequenceEqual(_cursor.ChainIdBytes))
        {
            return null;
        }

        if (_cursor.Started && !_cursor.AtShutdownCheckpoint && _options.TailPolicy == TailPolicy.Strict)
        {
            return Broken(VerifyFailure.UnsignedTail, _cursor.NextSeq, name, offset,
                $"chain {_cursor.ChainId} ends at seq {_cursor.NextSeq - 1} without a shutdown checkpoint before a new chain begins");
        }

        if (parsed.Seq != 1 || !parsed.SegmentPrevHash.IsZero)
        {
            return _cursor.Started
                ? Broken(VerifyFailure.ChainMismatch, parsed.Seq, name, offset, "a new chain must begin at seq 1 with a zero prev_hash")
                : Broken(VerifyFailure.Gap, 1, name, offset, $"the chain begins at seq {parsed.Seq}: records 1..{parsed.Seq - 1} are missing");
        }

        _cursor.Start(chain, 1, ZeroHash);
        _chains++;
        return null;
    }

    private VerifyResult Finish()
    {
        if (!_cursor.Started)
        {
            return _tornSegment is null
                ? AuditVerifier.Unusable("The audit directory holds no records.")
                : Broken(VerifyFailure.TornTail, 1, _tornSegment, _tornOffset, "the log holds only a partial line");
        }

        var last = _cursor.NextSeq - 1;
        var unsigned = last - _cursor.LastCheckpointSeq;
        var strict = _options.TailPolicy == TailPolicy.Strict;
        TailState tail;
        if (_live)
        {
            tail = TailState.Live;
        }
        else if (_tornSegment is not null)
        {
            tail = TailState.Torn;
            if (strict)
            {
                return Broken(VerifyFailure.TornTail, last + 1, _tornSegment, _tornOffset,
                    $"the log ends in a partial line after seq {last} and no writer is running (a crash mid-write, or a cut); {unsigned} record(s) after the last checkpoint are unsigned", tail);
            }
        }
        else if (_cursor.AtShutdownCheckpoint && !_emptyLastSegment)
        {
            tail = TailState.Closed;
        }
        else
        {
            tail = TailState.Open;
            if (strict)
            {
                return Broken(VerifyFailure.UnsignedTail, last + 1, Path.GetFileName(_segments[^1].Path), null,
                    $"the log ends at seq {last} without a shutdown checkpoint and no writer is running: records after seq {last} may have been cut; {unsigned} record(s) after checkpoint seq {_cursor.LastCheckpointSeq} are not signed", tail);
            }
        }

        return Result(VerifyOutcome.Intact, tail) with { UnsignedTailRecords = tail == TailState.Closed ? 0 : unsigned };
    }

    private VerifyResult Broken(VerifyFailure failure, long firstBadSeq, string segment, long? offset, string message, TailState tail = TailState.Open)
        => Result(VerifyOutcome.Broken, tail) with
        {
            Failure = failure,
            FirstBadSeq = firstBadSeq,
            Segment = segment,
            Offset = offset,
            Message = message,
        };

    private VerifyResult Result(VerifyOutcome outcome, TailState tail) => new()
    {
        Outcome = outcome,
        RecordsChecked = _records,
        Chains = _chains,
        CheckpointsChecked = _cursor.CheckpointsVerified,
        Segments = _segments.Count,
        MacsChecked = _macs,
        SignaturesChecked = _signatures,
        Tail = tail,
        ChainId = _cursor.Started ? _cursor.ChainId : null,
        LastSeq = _cursor.Started ? _cursor.NextSeq - 1 : 0,
    };
}
