using MaskingProxy.AuditLog.Crypto;
using MaskingProxy.AuditLog.Log;
using MaskingProxy.AuditLog.Records;

namespace MaskingProxy.AuditLog.Verify;

/// <summary>
/// One pass of <see cref="AuditVerifier"/> over a directory: feeds the segments' lines to the
/// <see cref="ChainChecker"/> and adds what only files have: segment numbering, a segment record
/// first in every file, torn last lines, the writer's lock, reorder detection by scanning ahead.
/// </summary>
internal sealed class VerificationRun : IDisposable
{
    private readonly IReadOnlyList<(long Number, string Path)> _segments;
    private readonly bool _live;
    private readonly ChainChecker _checker;
    private readonly BlockPipeline _pipeline;
    private readonly Func<long, bool> _appearsLater;
    private RecordLocation? _torn;
    private bool _emptyLastSegment;

    // The line being checked, for the reorder scan (one delegate for the run, not one per line).
    private int _segmentIndex;
    private long _offset;

    public VerificationRun(string directory, KeyMaterial? keys, VerifyOptions options)
    {
        _segments = SegmentNames.List(directory);
        _live = options.WriterRunning ?? DirectoryLock.IsHeld(directory);
        _checker = new ChainChecker(keys, options) { Segments = _segments.Count };
        _pipeline = new BlockPipeline(_segments, _checker, background: options.Parallelism > 1);
        _appearsLater = expected => SeqScan.AppearsLater(_segments, _segmentIndex, _offset, Cursor.ChainIdBytes, expected);
    }

    private ChainCursor Cursor => _checker.Cursor;

    public VerifyResult Execute()
    {
        if (_segments.Count == 0)
        {
            return AuditVerifier.Unusable("No audit segments (audit-NNNNNN.jsonl) in the directory.");
        }

        var s = -1;
        var first = true;
        while (_pipeline.TryTake(out var block))
        {
            try
            {
                if (block.Segment != s)
                {
                    var ended = EndOfSegment(s, first) ?? StartOfSegment(block.Segment);
                    if (ended is not null)
                    {
                        return ended;
                    }

                    s = block.Segment;
                    first = true;
                }

                var name = Path.GetFileName(_segments[s].Path);
                var lastSegment = s == _segments.Count - 1;
                for (var i = 0; i < block.Count; i++)
                {
                    var result = Line(block, s, name, i, lastSegment, ref first);
                    if (result is not null)
                    {
                        return result;
                    }
                }
            }
            finally
            {
                _pipeline.Release(block);
            }
        }

        var last = EndOfSegment(s, first);
        if (last is not null)
        {
            return last;
        }

        var end = RecordLocation.InSegment(Path.GetFileName(_segments[^1].Path), null);
        return _checker.Finish(_live, _torn, _emptyLastSegment, end, "The audit directory holds no records.");
    }

    public void Dispose() => _pipeline.Dispose();

    /// <summary>Segment numbers must be contiguous.</summary>
    private VerifyResult? StartOfSegment(int s)
    {
        if (s > 0 && _segments[s].Number != _segments[s - 1].Number + 1)
        {
            var missing = SegmentNames.Format(_segments[s - 1].Number + 1);
            return _checker.Broken(VerifyFailure.SegmentMismatch, Cursor.NextSeq, RecordLocation.InSegment(missing, null), $"segment {missing} is missing");
        }

        return null;
    }

    /// <summary>Only the last segment may be empty (a crash right after rotation created it).</summary>
    private VerifyResult? EndOfSegment(int s, bool empty)
    {
        if (s < 0 || !empty)
        {
            return null;
        }

        if (s != _segments.Count - 1)
        {
            var name = Path.GetFileName(_segments[s].Path);
            return _checker.Broken(VerifyFailure.SegmentMismatch, Cursor.NextSeq, RecordLocation.InSegment(name, 0), $"segment {name} is empty");
        }

        _emptyLastSegment = true;
        return null;
    }

    /// <summary>Checks line <paramref name="i"/> of an evaluated block; a result means stop.</summary>
    private VerifyResult? Line(LineBlock block, int segmentIndex, string name, int i, bool lastSegment, ref bool first)
    {
        var offset = block.Offset[i];
        var at = RecordLocation.InSegment(name, offset);
        if (block.ParseError[i] is { } error)
        {
            if (lastSegment && block.EndOfSegment && i == block.Count - 1)
            {
                _torn = at;
                return null;
            }

            return _checker.Broken(VerifyFailure.Malformed, Cursor.Started ? Cursor.NextSeq : 1, at, $"line is not a well-formed record ({error})");
        }

        ref readonly var parsed = ref block.Parsed[i];
        if (first)
        {
            first = false;
            var start = StartOfChain(at, block.Line(i), parsed, _segments[segmentIndex].Number);
            if (start is not null)
            {
                return start;
            }
        }
        else if (parsed.Kind == LineKind.Segment)
        {
            return _checker.Broken(VerifyFailure.SegmentMismatch, parsed.Seq, at, "segment record in the middle of a segment");
        }

        _segmentIndex = segmentIndex;
        _offset = offset;
        return _checker.Accept(block, i, at, _appearsLater);
    }

    /// <summary>A segment must open with its own segment record; a new chain only at the start of a segment.</summary>
    private VerifyResult? StartOfChain(RecordLocation at, ReadOnlySpan<byte> line, in SealedLine parsed, long number)
    {
        if (parsed.Kind != LineKind.Segment || parsed.SegmentNumber != number)
        {
            return _checker.Broken(VerifyFailure.SegmentMismatch, parsed.Seq, at, $"{at.Segment} does not begin with its own segment record (number {number})");
        }

        var chain = line[parsed.Chain];
        return Cursor.Started && chain.SequenceEqual(Cursor.ChainIdBytes)
            ? null
            : _checker.StartChain(chain, parsed, at, previousLive: false);
    }
}
