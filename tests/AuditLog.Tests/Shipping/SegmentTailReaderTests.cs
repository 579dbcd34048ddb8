using System.Text;
using MaskingProxy.AuditLog.Log;
using MaskingProxy.AuditLog.Records;
using MaskingProxy.AuditLog.Shipping;
using MaskingProxy.AuditLog.Tests.Support;

namespace MaskingProxy.AuditLog.Tests.Shipping;

public sealed class SegmentTailReaderTests
{
    private static readonly string First = SegmentNames.Format(1);

    [Fact]
    public void Reads_complete_lines_and_stops_before_a_partial_one()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.Combine(First), "{\"a\":1}\n{\"b\":2}\n{\"c\":");
        using var batch = new SegmentTailReader(dir.Path).Read(First, 0, 100, 1 << 20);
        Assert.Equal(["{\"a\":1}", "{\"b\":2}"], batch.Lines.Select(l => Encoding.UTF8.GetString(batch.Line(l))));
        Assert.Equal((First, 16L), (batch.EndSegment, batch.EndOffset));
        Assert.Equal([8L, 16L], batch.Lines.Select(l => l.EndOffset));
        Assert.Empty(batch.Skipped);
    }

    [Fact]
    public void Honours_the_record_and_byte_limits_and_resumes_at_the_offset()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.Combine(First), string.Concat(Enumerable.Range(0, 10).Select(i => $"line-{i}\n")));
        var reader = new SegmentTailReader(dir.Path);
        using var byCount = reader.Read(First, 0, 3, 1 << 20);
        Assert.Equal(3, byCount.Lines.Count);
        using var byBytes = reader.Read(First, byCount.EndOffset, 100, 10);
        Assert.Equal(["line-3", "line-4"], byBytes.Lines.Select(l => Encoding.UTF8.GetString(byBytes.Line(l))));
    }

    [Fact]
    public void Moves_to_the_next_segment_only_once_it_exists()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.Combine(First), "one\n");
        var reader = new SegmentTailReader(dir.Path);
        using (var batch = reader.Read(First, 0, 100, 1 << 20))
        {
            Assert.Equal((First, 4L), (batch.EndSegment, batch.EndOffset));
        }

        File.AppendAllText(dir.Combine(First), "two\n");
        File.WriteAllText(dir.Combine(SegmentNames.Format(2)), "three\nfou");
        using (var batch = reader.Read(First, 4, 100, 1 << 20))
        {
            Assert.Equal(["two", "three"], batch.Lines.Select(l => Encoding.UTF8.GetString(batch.Line(l))));
            Assert.Equal(["audit-000001.jsonl", "audit-000002.jsonl"], batch.Lines.Select(l => l.Segment));
            Assert.Equal((SegmentNames.Format(2), 6L), (batch.EndSegment, batch.EndOffset));
        }
    }

    [Fact]
    public void A_partial_line_in_a_finished_segment_is_skipped_and_reported()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.Combine(First), "one\ntorn");
        File.WriteAllText(dir.Combine(SegmentNames.Format(2)), "two\n");
        using var batch = new SegmentTailReader(dir.Path).Read(First, 0, 100, 1 << 20);
        Assert.Equal(["one", "two"], batch.Lines.Select(l => Encoding.UTF8.GetString(batch.Line(l))));
        Assert.Single(batch.Skipped);
        Assert.Contains("partial line", batch.Skipped[0], StringComparison.Ordinal);
    }

    [Fact]
    public void An_over_long_line_is_skipped()
    {
        using var dir = new TempDirectory();
        var huge = new string('x', FieldCaps.MaxLineBytes + 10);
        File.WriteAllText(dir.Combine(First), "one\n" + huge + "\ntwo\n");
        using var batch = new SegmentTailReader(dir.Path).Read(First, 0, 100, 4 << 20);
        Assert.Equal(["one", "two"], batch.Lines.Select(l => Encoding.UTF8.GetString(batch.Line(l))));
        Assert.Single(batch.Skipped);
        Assert.Equal(new FileInfo(dir.Combine(First)).Length, batch.EndOffset);
    }

    [Fact]
    public void An_over_long_line_without_a_line_feed_waits_until_the_segment_is_finished()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.Combine(First), "one\n" + new string('x', FieldCaps.MaxLineBytes + 10));
        var reader = new SegmentTailReader(dir.Path);
        using (var batch = reader.Read(First, 0, 100, 4 << 20))
        {
            Assert.Equal(["one"], batch.Lines.Select(l => Encoding.UTF8.GetString(batch.Line(l))));
            Assert.Equal((First, 4L), (batch.EndSegment, batch.EndOffset));
            Assert.Empty(batch.Skipped);
        }

        File.WriteAllText(dir.Combine(SegmentNames.Format(2)), "two\n");
        using (var batch = reader.Read(First, 4, 100, 4 << 20))
        {
            Assert.Equal(["two"], batch.Lines.Select(l => Encoding.UTF8.GetString(batch.Line(l))));
            Assert.Contains("partial line at offset 4", batch.Skipped.Single(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Reports_a_segment_shorter_than_the_position()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.Combine(First), "one\n");
        using var batch = new SegmentTailReader(dir.Path).Read(First, 100, 100, 1 << 20);
        Assert.True(batch.Truncated);
        Assert.Empty(batch.Lines);
    }

    [Fact]
    public void A_missing_segment_continues_with_the_next_one_there_is()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.Combine(SegmentNames.Format(3)), "three\n");
        using var batch = new SegmentTailReader(dir.Path).Read(First, 50, 100, 1 << 20);
        Assert.Equal(["three"], batch.Lines.Select(l => Encoding.UTF8.GetString(batch.Line(l))));
        Assert.Contains("missing", batch.Skipped.Single(), StringComparison.Ordinal);
    }
}
