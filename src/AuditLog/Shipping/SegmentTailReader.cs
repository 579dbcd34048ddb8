using MaskingProxy.AuditLog.Log;
using MaskingProxy.AuditLog.Records;
using MaskingProxy.AuditLog.Verify;

namespace MaskingProxy.AuditLog.Shipping;

/// <summary>
/// Reads complete lines from the audit segments after a position, for the shipper. Only reads
/// files, with sharing that never gets in the writer's way. A last line without its line feed is
/// an append in progress: it is left for the next read, never shipped half-written.
/// <para>
/// Moving on to the next segment: the writer finishes segment N (rotation checkpoint, fsync) before
/// it creates N+1. So the reader checks whether N+1 exists <em>before</em> reading N to its end: if it
/// did, that end is final; if it did not, lines may still be appended to N and the reader waits.
/// Checking after reading would race a rotation in between and skip N's last lines.
/// </para>
/// </summary>
internal sealed class SegmentTailReader(string directory)
{
    /// <summary>Reads at most <paramref name="maxRecords"/> lines / about <paramref name="maxBytes"/> bytes after the position.</summary>
    public TailBatch Read(string segment, long offset, int maxRecords, int maxBytes)
    {
        var batch = new TailBatch { EndSegment = segment, EndOffset = offset };
        if (!SegmentNames.TryParse(segment, out var number))
        {
            throw new ArgumentException($"'{segment}' is not a segment name.", nameof(segment));
        }

        while (true)
        {
            var path = Path.Combine(directory, segment);
            if (!File.Exists(path))
            {
                // Archived or removed behind our back: continue with the next segment there is.
                var next = SegmentNames.List(directory).FirstOrDefault(s => s.Number > number);
                if (next.Path is null)
                {
                    return batch;
                }

                batch.Skipped.Add($"segment {segment} is missing; continuing with {Path.GetFileName(next.Path)}");
                (number, segment, offset) = (next.Number, Path.GetFileName(next.Path), 0);
                batch.EndSegment = segment;
                batch.EndOffset = 0;
                continue;
            }

            var nextSegment = SegmentNames.Format(number + 1);
            var finished = File.Exists(Path.Combine(directory, nextSegment));
            var full = ReadSegment(path, segment, offset, finished, maxRecords, maxBytes, batch);
            if (full || batch.Truncated || !finished)
            {
                return batch;
            }

            (number, segment, offset) = (number + 1, nextSegment, 0);
            batch.EndSegment = segment;
            batch.EndOffset = 0;
        }
    }

    /// <summary>Appends lines of one segment; true when the batch is full.</summary>
    private static bool ReadSegment(string path, string segment, long offset, bool finished, int maxRecords, int maxBytes, TailBatch batch)
    {
        using var reader = new SegmentReader(path, offset);
        if (reader.Length < offset)
        {
            batch.Truncated = true;
            return false;
        }

        while (reader.Next(out var start, out var length, out var lineStart, out var state))
        {
            if (reader.LineEnd < 0)
            {
                // No line feed yet: an append in progress, unless the writer has moved on.
                if (finished)
                {
                    batch.Skipped.Add($"{segment} ends in a partial line at offset {lineStart} although the next segment exists; skipped");
                }

                return false;
            }

            if (state == SegmentReader.LineState.TooLong)
            {
                batch.Skipped.Add($"{segment}: line ending at offset {reader.LineEnd} is longer than {FieldCaps.MaxLineBytes} bytes; skipped");
            }
            else
            {
                batch.Lines.Add(new TailLine(batch.Data.Length, length, segment, reader.LineEnd));
                batch.Data.Write(reader.Buffer.AsSpan(start, length));
            }

            batch.EndSegment = segment;
            batch.EndOffset = reader.LineEnd;
            if (batch.Lines.Count >= maxRecords || batch.Data.Length >= maxBytes)
            {
                return true;
            }
        }

        return false;
    }
}
