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
    private readonly LineBlock _block = new();
    private RecordLocation? _torn;
    private bool _emptyLastSegment;

    public VerificationRun(string directory, KeyMaterial? keys, VerifyOptions options)
    {
        _segments = SegmentNames.List(directory);
        _live = options.WriterRunning ?? DirectoryLock.IsHeld(directory);
        _checker = new ChainChecker(keys, options) { Segments = _segments.Count };
    }

    private ChainCursor Cursor => _checker.Cursor;

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
                var missing = SegmentNames.Format(_segments[s - 1].Number + 1);
                return _checker.Broken(VerifyFailure.SegmentMismatch, Cursor.NextSeq, RecordLocation.InSegment(missing, null), $"segment {missing} is missing");
            }

            var first = true;
            var lastSegment = s == _segments.Count - 1;
            using var reader = new BlockReader(path);
            while (reader.Fill(_block))
            {
                _checker.Evaluate(_block);
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
                    return _checker.Broken(VerifyFailure.SegmentMismatch, Cursor.NextSeq, RecordLocation.InSegment(name, 0), $"segment {name} is empty");
                }

                _emptyLastSegment = true;
            }
        }

        var end = RecordLocation.InSegment(Path.GetFileName(_segments[^1].Path), null);
        return _checker.Finish(_live, _torn, _emptyLastSegment, end, "The audit directory holds no records.");
    }

    public void Dispose() => _block.Dispose();

    /// <summary>Checks line <paramref name="i"/> of the current block; a result means stop.</summary>
    private VerifyResult? Line(int segmentIndex, string name, int i, bool lastSegment, ref bool first)
    {
        var offset = _block.Offset[i];
        var at = RecordLocation.InSegment(name, offset);
        if (_block.ParseError[i] is { } error)
        {
            if (lastSegment && _block.EndOfSegment && i == _block.Count - 1)
            {
                _torn = at;
                return null;
            }

            return _checker.Broken(VerifyFailure.Malformed, Cursor.Started ? Cursor.NextSeq : 1, at, $"line is not a well-formed record ({error})");
        }

        ref readonly var parsed = ref _block.Parsed[i];
        if (first)
        {
            first = false;
            var start = StartOfSegment(at, _block.Line(i), parsed, _segments[segmentIndex].Number);
            if (start is not null)
            {
                return start;
            }
        }
        else if (parsed.Kind == LineKind.Segment)
        {
            return _checker.Broken(VerifyFailure.SegmentMismatch, parsed.Seq, at, "segment record in the middle of a segment");
        }

        return _checker.Accept(_block, i, at, expected => SeqScan.AppearsLater(_segments, segmentIndex, offset, Cursor.ChainIdBytes, expected));
    }

    /// <summary>A segment must open with its own segment record; a new chain only at the start of a segment.</summary>
    private VerifyResult? StartOfSegment(RecordLocation at, ReadOnlySpan<byte> line, in SealedLine parsed, long number)
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
