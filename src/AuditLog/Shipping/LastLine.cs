using MaskingProxy.AuditLog.Log;
using MaskingProxy.AuditLog.Records;

namespace MaskingProxy.AuditLog.Shipping;

/// <summary>
/// Finds the last complete line before an offset of a segment without reading the whole file:
/// for the lag gauge (the head of the log) and for checking on resume that the line before the
/// saved offset is the record the position names.
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

        using var stream = Open(path);
        if (stream.Length < end)
        {
            return null;
        }

        for (var window = Window; ; window *= 4)
        {
            var start = Math.Max(0, end - window);
            var bytes = ReadRange(stream, start, (int)(end - start));
            if (bytes.Length == 0 || bytes[^1] != (byte)'\n')
            {
                return null;
            }

            var previous = bytes.AsSpan(0, bytes.Length - 1).LastIndexOf((byte)'\n');
            if (previous >= 0 || start == 0)
            {
                return Parse(bytes.AsSpan(previous + 1, bytes.Length - previous - 2));
            }

            if (window > FieldCaps.MaxLineBytes)
            {
                return null;
            }
        }
    }

    /// <summary>Seq of the last complete line in the directory's last segment (the log head), or null.</summary>
    public static long? HeadSeq(string directory)
    {
        var segments = SegmentNames.List(directory);
        for (var i = segments.Count - 1; i >= 0 && i >= segments.Count - 2; i--)
        {
            var path = segments[i].Path;
            long length;
            try
            {
                length = new FileInfo(path).Length;
                using var stream = Open(path);
                var start = Math.Max(0, length - Window);
                var bytes = ReadRange(stream, start, (int)(length - start));
                var lastNewline = bytes.AsSpan().LastIndexOf((byte)'\n');
                if (lastNewline >= 0 && EndingAt(path, start + lastNewline + 1) is { } last)
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

    private static (string Chain, long Seq)? Parse(ReadOnlySpan<byte> line)
        => SealedLineParser.TryParse(line, out var parsed, out _)
            ? (System.Text.Encoding.ASCII.GetString(line[parsed.Chain]), parsed.Seq)
            : null;

    private static FileStream Open(string path) => new(path, new FileStreamOptions
    {
        Mode = FileMode.Open,
        Access = FileAccess.Read,
        Share = FileShare.ReadWrite | FileShare.Delete,
        BufferSize = 0,
    });

    private static byte[] ReadRange(FileStream stream, long start, int count)
    {
        var bytes = new byte[count];
        stream.Position = start;
        stream.ReadAtLeast(bytes, count, throwOnEndOfStream: false);
        return bytes;
    }
}
