using MaskingProxy.AuditLog.Records;

namespace MaskingProxy.AuditLog.Verify;

/// <summary>Tells a reorder from a deletion: does the expected record turn up later in the log?</summary>
internal static class SeqScan
{
    public static bool AppearsLater(IReadOnlyList<(long Number, string Path)> segments, int segmentIndex, long afterOffset, ReadOnlySpan<byte> chainId, long seq)
    {
        for (var s = segmentIndex; s < segments.Count; s++)
        {
            using var reader = new SegmentReader(segments[s].Path);
            while (reader.Next(out var start, out var length, out var offset, out var state))
            {
                if ((s == segmentIndex && offset <= afterOffset) || state != SegmentReader.LineState.Complete)
                {
                    continue;
                }

                var line = reader.Buffer.AsSpan(start, length);
                if (SealedLineParser.TryParse(line, out var parsed, out _) && parsed.Seq == seq && line[parsed.Chain].SequenceEqual(chainId))
                {
                    return true;
                }
            }
        }

        return false;
    }
}
