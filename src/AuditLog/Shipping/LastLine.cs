using MaskingProxy.AuditLog.Log;
using MaskingProxy.AuditLog.Records;
using MaskingProxy.AuditLog.Verify;

namespace MaskingProxy.AuditLog.Shipping;

/// <summary>
/// Finds the last complete line before an offset of a segment without reading the whole file:
/// for the lag gauge (the head of the log) and for checking on resume that the line before the
/// saved offset is the record the position names. Reads one window from the end; a wider one only
/// when a line does not fit in it.
/// </summary>
internal static class LastLine
{
    private const int Window = 64 * 1024;

    /// <summary>Chain and seq of the complete line that ends (with its line feed) exactly at <paramref name="end"/>, or null.</summary>
    public static (string Chain, long Seq)? EndingAt(string path, long end)
    {
        if (end <= 0 || !File.Exists(path))
        {
            return null;
        }

        using var stream = SharedRead.Open(path);
        if (stream.Length < end)
        {
            return null;
        }

        var start = Math.Max(0, end - Window);
        return LineBefore(stream, ReadRange(stream, start, (int)(end - start)), start, end, Window);
    }

    /// <summary>Seq of the last complete line in the directory's last segment (the log head), or null.</summary>
    public static long? HeadSeq(string directory)
    {
        var segments = SegmentNames.List(directory);
        for (var i = segments.Count - 1; i >= 0 && i >= segments.Count - 2; i--)
        {
            try
            {
                using var stream = SharedRead.Open(segments[i].Path);
                var length = DataEnd(stream);
                var start = Math.Max(0, length - Window);
                var bytes = ReadRange(stream, start, (int)(length - start));
                var lastNewline = bytes.AsSpan().LastIndexOf((byte)'\n');
                if (lastNewline >= 0 && LineBefore(stream, bytes, start, start + lastNewline + 1, Window) is { } last)
                {
                    return last.Seq;
                }
            }
            catch (IOException)
            {
                return null;
            }
        }

        return null;
    }

    /// <summary>
    /// Parses the line ending at <paramref name="end"/> out of <paramref name="bytes"/> (the file from
    /// <paramref name="bytesStart"/> on), rereading a four times wider window while the line's start
    /// is not in it, up to the maximum line length.
    /// </summary>
    /// <summary>The end of the data: the file's length less the zeros the writer reserves ahead of its appends.</summary>
    private static long DataEnd(FileStream stream)
    {
        var end = stream.Length;
        while (end > 0)
        {
            var start = Math.Max(0, end - Window);
            var bytes = ReadRange(stream, start, (int)(end - start));
            var last = bytes.AsSpan().LastIndexOfAnyExcept((byte)0);
            if (last >= 0)
            {
                return start + last + 1;
            }

            end = start;
        }

        return 0;
    }

    private static (string Chain, long Seq)? LineBefore(FileStream stream, byte[] bytes, long bytesStart, long end, int window)
    {
        while (true)
        {
            var lineFeed = (int)(end - 1 - bytesStart);
            if (lineFeed < 0 || bytes[lineFeed] != (byte)'\n')
            {
                return null;
            }

            var previous = bytes.AsSpan(0, lineFeed).LastIndexOf((byte)'\n');
            if (previous >= 0 || bytesStart == 0)
            {
                return Parse(bytes.AsSpan(previous + 1, lineFeed - previous - 1));
            }

            if (window > FieldCaps.MaxLineBytes)
            {
                return null;
            }

            window *= 4;
            bytesStart = Math.Max(0, end - window);
            bytes = ReadRange(stream, bytesStart, (int)(end - bytesStart));
        }
    }

    private static (string Chain, long Seq)? Parse(ReadOnlySpan<byte> line)
        => SealedLineParser.TryParse(line, out var parsed, out _)
            ? (System.Text.Encoding.ASCII.GetString(line[parsed.Chain]), parsed.Seq)
            : null;

    private static byte[] ReadRange(FileStream stream, long start, int count)
    {
        var bytes = new byte[count];
        stream.Position = start;
        stream.ReadAtLeast(bytes, count, throwOnEndOfStream: false);
        return bytes;
    }
}
