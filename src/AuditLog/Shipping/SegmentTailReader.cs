using System.Buffers;
using MaskingProxy.AuditLog.Log;
using MaskingProxy.AuditLog.Records;

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
    private const int ChunkSize = 64 * 1024;

    public string Directory => directory;

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
        using var stream = new FileStream(path, new FileStreamOptions
        {
            Mode = FileMode.Open,
            Access = FileAccess.Read,
            Share = FileShare.ReadWrite | FileShare.Delete,
            BufferSize = 0,
        });
        if (stream.Length < offset)
        {
            batch.Truncated = true;
            return false;
        }

        stream.Position = offset;
        var buffer = ArrayPool<byte>.Shared.Rent(ChunkSize);
        try
        {
            var filled = 0;
            var bufferOffset = offset; // file offset of buffer[0]
            var skipping = false;      // inside an over-long line: drop bytes up to its line feed
            while (true)
            {
                if (filled == buffer.Length)
                {
                    if (filled > FieldCaps.MaxLineBytes)
                    {
                        skipping = true;
                        bufferOffset += filled;
                        filled = 0;
                    }
                    else
                    {
                        var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                        buffer.AsSpan(0, filled).CopyTo(larger);
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = larger;
                    }
                }

                var read = stream.Read(buffer, filled, buffer.Length - filled);
                if (read == 0)
                {
                    if (finished && (filled > 0 || skipping))
                    {
                        batch.Skipped.Add($"{segment} ends in a partial line at offset {bufferOffset} although the next segment exists; skipped");
                    }

                    return false;
                }

                var scanFrom = filled;
                filled += read;
                var consumed = 0;
                while (true)
                {
                    var newline = buffer.AsSpan(scanFrom, filled - scanFrom).IndexOf((byte)'\n');
                    if (newline < 0)
                    {
                        break;
                    }

                    var end = scanFrom + newline;
                    var lineEnd = bufferOffset + end + 1;
                    if (skipping || end - consumed > FieldCaps.MaxLineBytes)
                    {
                        batch.Skipped.Add($"{segment}: line ending at offset {lineEnd} is longer than {FieldCaps.MaxLineBytes} bytes; skipped");
                        skipping = false;
                    }
                    else
                    {
                        batch.Lines.Add(new TailLine(batch.Data.Length, end - consumed, segment, lineEnd));
                        batch.Data.Write(buffer.AsSpan(consumed, end - consumed));
                    }

                    consumed = scanFrom = end + 1;
                    batch.EndSegment = segment;
                    batch.EndOffset = lineEnd;
                    if (batch.Lines.Count >= maxRecords || batch.Data.Length >= maxBytes)
                    {
                        return true;
                    }
                }

                buffer.AsSpan(consumed, filled - consumed).CopyTo(buffer);
                bufferOffset += consumed;
                filled -= consumed;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
