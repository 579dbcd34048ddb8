using System.Text;
using MaskingProxy.AuditLog.Log;
using MaskingProxy.AuditLog.Shipping;
using MaskingProxy.AuditLog.Tests.Support;
using MaskingProxy.AuditLog.Verify;

namespace MaskingProxy.AuditLog.Tests.Log;

/// <summary>
/// The writer reserves zeros ahead of its appends (so fdatasync has only data to write); everything
/// that reads a live segment must stop at them, and a closed segment must not have them.
/// </summary>
public sealed class ReservationTests
{
    [Fact]
    public async Task Writer_WhileRunning_ReservesZerosAheadAndTheClosedSegmentHasNone()
    {
        using var dir = new TempDirectory();
        var writer = WriterFactory.Open(dir.Path);
        await WriterFactory.AppendMany(writer, 10);
        var segment = SegmentNames.List(dir.Path).Single().Path;

        var running = File.ReadAllBytes(segment);
        var end = LogFiles.DataLength(segment);
        Assert.True(running.Length >= 1 << 20 && running.Length > end, $"{running.Length} bytes for {end} of records");
        Assert.Equal((byte)'\n', running[end - 1]);

        await writer.CloseAsync();

        var closed = File.ReadAllBytes(segment);
        Assert.DoesNotContain((byte)0, closed);
        Assert.Equal((byte)'\n', closed[^1]);
    }

    [Fact]
    public async Task Readers_LiveSegmentWithReservation_StopAtTheZeros()
    {
        using var dir = new TempDirectory();
        var writer = WriterFactory.Open(dir.Path);
        await WriterFactory.AppendMany(writer, 7);
        await writer.FlushAsync();
        var segment = SegmentNames.List(dir.Path).Single().Path;

        var lines = 0;
        using (var reader = new SegmentReader(segment))
        {
            while (reader.Next(out _, out var length, out _, out var state))
            {
                Assert.Equal(SegmentReader.LineState.Complete, state);
                Assert.True(length > 0);
                lines++;
            }

            Assert.Equal(LogFiles.DataLength(segment), reader.DataEnd);
        }

        var verified = AuditVerifier.Verify(dir.Path, TestKeys.Material, new VerifyOptions { TailPolicy = TailPolicy.AllowOpenTail });
        var head = LastLine.HeadSeq(dir.Path);
        await writer.CloseAsync();

        Assert.True(lines >= 8, $"{lines} lines"); // segment record, the appends, maybe a checkpoint
        Assert.Equal(VerifyOutcome.Intact, verified.Outcome);
        Assert.Equal(lines, head);
    }

    [Fact]
    public void SegmentReader_PartialLineBeforeZeros_UnterminatedThenEnd()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("seg");
        File.WriteAllBytes(path, [.. Encoding.UTF8.GetBytes("{\"a\":1}\n{\"b\""), .. new byte[5000]]);

        using var reader = new SegmentReader(path);

        Assert.True(reader.Next(out _, out var first, out _, out var firstState));
        Assert.Equal((7, SegmentReader.LineState.Complete), (first, firstState));
        Assert.True(reader.Next(out _, out var second, out var offset, out var secondState));
        Assert.Equal((4, 8L, SegmentReader.LineState.Unterminated), (second, offset, secondState));
        Assert.False(reader.Next(out _, out _, out _, out _));
        Assert.Equal(12, reader.DataEnd);
    }
}
