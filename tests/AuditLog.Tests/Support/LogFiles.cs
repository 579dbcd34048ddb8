using System.Text;
using MaskingProxy.AuditLog.Log;
using MaskingProxy.AuditLog.Records;
using MaskingProxy.AuditLog.Verify;

namespace MaskingProxy.AuditLog.Tests.Support;

/// <summary>Reads an audit directory back for assertions.</summary>
internal static class LogFiles
{
    public static List<AuditEntry> Entries(string directory)
        => SegmentNames.List(directory)
            .SelectMany(s => SegmentLines(s.Path).Select(l => AuditRecordParser.Parse(l, Path.GetFileName(s.Path))))
            .ToList();

    public static List<string> Lines(string directory)
        => SegmentNames.List(directory).SelectMany(s => SegmentLines(s.Path)).ToList();

    /// <summary>The lines of a segment, without the zeros a running writer reserves after them.</summary>
    public static string[] SegmentLines(string path)
    {
        var text = File.ReadAllText(path);
        var reserved = text.IndexOf('\0', StringComparison.Ordinal);
        var data = reserved < 0 ? text : text[..reserved];
        return data.Length == 0 ? [] : data.TrimEnd('\n').Split('\n');
    }

    /// <summary>Bytes of a segment up to the zeros a running writer reserves after its records.</summary>
    public static long DataLength(string path)
    {
        var bytes = File.ReadAllBytes(path);
        return Array.FindLastIndex(bytes, b => b != 0) + 1;
    }

    /// <summary>Walks every line of every segment through a ChainCursor; returns the number of records.</summary>
    public static long AssertChainIntact(string directory, byte[]? hmacKey = null)
    {
        var cursor = new ChainCursor(hmacKey ?? TestKeys.Hmac, TestKeys.Signing.PublicKey);
        long count = 0;
        foreach (var (number, path) in SegmentNames.List(directory))
        {
            using var reader = new SegmentReader(path);
            var first = true;
            while (reader.Next(out var start, out var length, out _, out var state))
            {
                Assert.Equal(SegmentReader.LineState.Complete, state);
                Assert.True(SealedLineParser.TryParse(reader.Buffer.AsSpan(start, length), out var parsed, out var error), error);
                if (first)
                {
                    Assert.Equal(LineKind.Segment, parsed.Kind);
                    Assert.Equal(number, parsed.SegmentNumber);
                    if (!cursor.Started)
                    {
                        Assert.Equal(1, parsed.Seq);
                        cursor.Start(reader.Buffer.AsSpan(start, length)[parsed.Chain], 1, new byte[32]);
                    }

                    first = false;
                }

                var check = cursor.Check(reader.Buffer, start, length, parsed, out var detail);
                Assert.True(check == LineCheck.Ok, $"{Path.GetFileName(path)} seq {parsed.Seq}: {check} {detail}");
                count++;
            }
        }

        return count;
    }

    public static void AppendRaw(string path, string text) => File.AppendAllText(path, text, new UTF8Encoding(false));

    public static string LastSegment(string directory) => SegmentNames.List(directory)[^1].Path;
}
