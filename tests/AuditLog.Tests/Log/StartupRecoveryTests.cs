using System.Text;
using MaskingProxy.Crypto;
using MaskingProxy.AuditLog.Crypto;
using MaskingProxy.AuditLog.Log;
using MaskingProxy.AuditLog.Records;
using MaskingProxy.AuditLog.Tests.Support;

namespace MaskingProxy.AuditLog.Tests.Log;

public class StartupRecoveryTests
{
    private static async Task<string> ClosedLog(TempDirectory dir, int records = 3)
    {
        var writer = WriterFactory.Open(dir.Path);
        await WriterFactory.AppendMany(writer, records);
        await writer.CloseAsync();
        return LogFiles.LastSegment(dir.Path);
    }

    [Fact]
    public async Task A_torn_last_line_is_cut_and_a_recovery_record_says_what_was_cut()
    {
        using var dir = new TempDirectory();
        var segment = await ClosedLog(dir);
        var lengthBefore = new FileInfo(segment).Length;
        var torn = LogFiles.Lines(dir.Path)[1][..57]; // a crash mid-write: a prefix of a line, no line feed
        LogFiles.AppendRaw(segment, torn);

        var writer = WriterFactory.Open(dir.Path);
        Assert.False(writer.Startup.PreviousRunClean);
        Assert.Equal(57, writer.Startup.TornBytesCut);
        Assert.Equal(lengthBefore, writer.Startup.TornOffset);
        await writer.CloseAsync();

        Assert.DoesNotContain(torn + "\n", File.ReadAllText(segment), StringComparison.Ordinal);
        var recovery = Assert.IsType<RecoveryRecord>(LogFiles.Entries(dir.Path).Single(e => e.Type == "recovery").Record);
        Assert.Equal(RecoveryKind.TornTail, recovery.Kind);
        Assert.Equal(57, recovery.CutBytes);
        Assert.Equal(lengthBefore, recovery.Offset);
        Assert.Equal(Sm3.HashHex(Encoding.UTF8.GetBytes(torn)), recovery.CutSm3);
        Assert.Equal(5, recovery.LastSeq);
        LogFiles.AssertChainIntact(dir.Path);
    }

    [Theory]
    [InlineData("{\"chain\":\"garbage\n")]
    [InlineData("{\"chain\":\"garbage\n\0\0\0\0")]
    public async Task A_last_line_that_does_not_parse_is_torn_too(string garbage)
    {
        using var dir = new TempDirectory();
        var segment = await ClosedLog(dir);
        LogFiles.AppendRaw(segment, garbage);
        var writer = WriterFactory.Open(dir.Path);
        // Reserved zeros after the data are not data: they are not counted as cut.
        Assert.Equal(Encoding.UTF8.GetByteCount(garbage.TrimEnd('\0')), writer.Startup.TornBytesCut);
        await writer.CloseAsync();
        LogFiles.AssertChainIntact(dir.Path);
    }

    [Theory]
    [InlineData(12)]
    [InlineData(3 << 20)]
    public async Task Zeros_after_the_last_record_are_reserved_space_not_a_torn_line(int zeros)
    {
        using var dir = new TempDirectory();
        var segment = await ClosedLog(dir);
        var records = new FileInfo(segment).Length;
        LogFiles.AppendRaw(segment, new string('\0', zeros));

        var writer = WriterFactory.Open(dir.Path);
        await WriterFactory.AppendMany(writer, 3);

        Assert.Equal(0, writer.Startup.TornBytesCut);
        await writer.CloseAsync();
        var closed = File.ReadAllBytes(segment);
        Assert.True(closed.Length > records);
        Assert.DoesNotContain((byte)0, closed);
        LogFiles.AssertChainIntact(dir.Path);
    }

    [Fact]
    public async Task A_partial_line_before_reserved_zeros_is_cut_without_the_zeros()
    {
        using var dir = new TempDirectory();
        var segment = await ClosedLog(dir);
        var offset = new FileInfo(segment).Length;
        const string Partial = "{\"chain\":\"abc\",\"ev";
        LogFiles.AppendRaw(segment, Partial + new string('\0', 4096));

        var writer = WriterFactory.Open(dir.Path);

        Assert.Equal(Partial.Length, writer.Startup.TornBytesCut);
        Assert.Equal(offset, writer.Startup.TornOffset);
        await writer.CloseAsync();
        var recovery = Assert.IsType<RecoveryRecord>(LogFiles.Entries(dir.Path).Single(e => e.Type == "recovery").Record);
        Assert.Equal(Sm3.HashHex(Encoding.UTF8.GetBytes(Partial)), recovery.CutSm3);
        LogFiles.AssertChainIntact(dir.Path);
    }

    [Fact]
    public async Task A_crashed_run_without_shutdown_checkpoint_is_recorded_as_unclean()
    {
        using var dir = new TempDirectory();
        using var crashed = new TempDirectory();
        var writer = WriterFactory.Open(dir.Path);
        await WriterFactory.AppendMany(writer, 4);

        // The disk as a crash would leave it: copy the live segment (no shutdown checkpoint yet).
        foreach (var (_, path) in SegmentNames.List(dir.Path))
        {
            File.Copy(path, Path.Combine(crashed.Path, Path.GetFileName(path)));
        }

        await writer.CloseAsync();

        var restarted = WriterFactory.Open(crashed.Path);
        Assert.False(restarted.Startup.PreviousRunClean);
        Assert.Equal(0, restarted.Startup.TornBytesCut);
        await restarted.CloseAsync();
        var recovery = Assert.IsType<RecoveryRecord>(LogFiles.Entries(crashed.Path).Single(e => e.Type == "recovery").Record);
        Assert.Equal(RecoveryKind.UncleanShutdown, recovery.Kind);
        Assert.Equal(5, recovery.LastSeq);
        LogFiles.AssertChainIntact(crashed.Path);
    }

    [Fact]
    public async Task Corruption_before_the_last_line_makes_the_writer_refuse_the_chain()
    {
        using var dir = new TempDirectory();
        var segment = await ClosedLog(dir);
        var lines = File.ReadAllLines(segment);
        lines[2] = lines[2].Replace("\"login\":\"alice\"", "\"login\":\"mallory\"", StringComparison.Ordinal);
        File.WriteAllText(segment, string.Join("\n", lines) + "\n");

        var ex = Assert.Throws<AuditChainCorruptException>(() => WriterFactory.Open(dir.Path));
        Assert.Equal(3, ex.Seq);
        Assert.Equal("audit-000001.jsonl", ex.Segment);
        Assert.Contains("HashMismatch", ex.Message, StringComparison.Ordinal);
        Assert.False(DirectoryLock.IsHeld(dir.Path));
    }

    [Fact]
    public async Task Corruption_blocks_into_a_large_segment_is_found_at_its_record()
    {
        using var dir = new TempDirectory();
        var segment = await ClosedLog(dir, records: 6000);
        var lines = File.ReadAllLines(segment);
        var target = Array.FindIndex(lines, 5000, l => l.Contains("\"login\":\"alice\"", StringComparison.Ordinal)); // past the first 4,096-line block
        var seq = AuditRecordParser.Parse(lines[target]).Seq;
        lines[target] = lines[target].Replace("\"login\":\"alice\"", "\"login\":\"mallory\"", StringComparison.Ordinal);
        File.WriteAllText(segment, string.Join("\n", lines) + "\n");

        var ex = Assert.Throws<AuditChainCorruptException>(() => WriterFactory.Open(dir.Path));
        Assert.Equal(seq, ex.Seq);
        Assert.Contains("HashMismatch", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_torn_tail_after_several_blocks_is_cut_and_the_chain_continues()
    {
        using var dir = new TempDirectory();
        var segment = await ClosedLog(dir, records: 6000);
        var lengthBefore = new FileInfo(segment).Length;
        LogFiles.AppendRaw(segment, LogFiles.Lines(dir.Path)[1][..40]);

        var writer = WriterFactory.Open(dir.Path);
        Assert.Equal(40, writer.Startup.TornBytesCut);
        Assert.Equal(lengthBefore, writer.Startup.TornOffset);
        var after = await writer.AppendAsync(Samples.Statement(login: "after"));
        await writer.CloseAsync();

        Assert.True(after.Seq > 6000);
        LogFiles.AssertChainIntact(dir.Path);
    }

    [Fact]
    public async Task An_unparseable_line_in_the_middle_is_corruption_not_a_torn_tail()
    {
        using var dir = new TempDirectory();
        var segment = await ClosedLog(dir);
        var lines = File.ReadAllLines(segment).ToList();
        lines.Insert(2, "{not json");
        File.WriteAllText(segment, string.Join("\n", lines) + "\n");
        Assert.Throws<AuditChainCorruptException>(() => WriterFactory.Open(dir.Path));
    }

    [Fact]
    public async Task A_record_rehashed_without_the_key_is_caught_by_its_mac()
    {
        using var dir = new TempDirectory();
        var segment = await ClosedLog(dir, records: 1);
        var lines = File.ReadAllLines(segment);

        // Replace the last line (the shutdown checkpoint) with an unsigned forged statement the
        // attacker hashed correctly but could not MAC.
        var prev = AuditRecordParser.Parse(lines[^2]);
        var canonical = RecordSerializer.Canonical(Samples.Statement(login: "forged"), prev.ChainId, prev.Seq + 1, Samples.Time);
        var hash = Sm3.Hash([.. Convert.FromHexString(prev.Hash), .. canonical]);
        lines[^1] = Encoding.UTF8.GetString(canonical)[..^1] + ",\"hash\":\"" + Convert.ToHexStringLower(hash) + "\",\"mac\":\"" + new string('0', 64) + "\"}";
        File.WriteAllText(segment, string.Join("\n", lines) + "\n");

        var ex = Assert.Throws<AuditChainCorruptException>(() => WriterFactory.Open(dir.Path));
        Assert.Contains("MacMismatch", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_empty_new_segment_left_by_a_crash_is_reused()
    {
        using var dir = new TempDirectory();
        await ClosedLog(dir);
        File.WriteAllBytes(Path.Combine(dir.Path, SegmentNames.Format(2)), []);

        var writer = WriterFactory.Open(dir.Path);
        Assert.Equal(SegmentNames.Format(2), writer.Startup.Segment);
        await writer.AppendAsync(Samples.Statement());
        await writer.CloseAsync();

        var header = Assert.IsType<SegmentRecord>(AuditRecordParser.Parse(File.ReadLines(Path.Combine(dir.Path, SegmentNames.Format(2))).First()).Record);
        Assert.Equal(SegmentNames.Format(1), header.PrevSegment);
        LogFiles.AssertChainIntact(dir.Path);
    }

    [Fact]
    public async Task A_missing_segment_is_corruption()
    {
        using var dir = new TempDirectory();
        await ClosedLog(dir);
        File.Copy(Path.Combine(dir.Path, SegmentNames.Format(1)), Path.Combine(dir.Path, SegmentNames.Format(3)));
        var ex = Assert.Throws<AuditChainCorruptException>(() => WriterFactory.Open(dir.Path));
        Assert.Equal(SegmentNames.Format(2), ex.Segment);
    }
}
