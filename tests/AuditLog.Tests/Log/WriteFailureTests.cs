using MaskingProxy.AuditLog.Log;
using MaskingProxy.AuditLog.Records;
using MaskingProxy.AuditLog.Tests.Support;

namespace MaskingProxy.AuditLog.Tests.Log;

public class WriteFailureTests
{
    [Fact]
    public async Task Disk_full_refuses_appends_then_the_writer_recovers_by_itself()
    {
        using var dir = new TempDirectory();
        var fs = new FaultyFileSystem();
        var writer = WriterFactory.Open(dir.Path, fs);
        await WriterFactory.AppendMany(writer, 3);

        fs.DevFull = true; // writes now hit /dev/full: ENOSPC from the kernel
        var ex = await Assert.ThrowsAsync<AuditLogUnavailableException>(() => writer.AppendAsync(Samples.Statement(login: "refused")));
        Assert.Contains("No space left on device", ex.Message, StringComparison.Ordinal);
        Assert.Equal("58030", AuditLogUnavailableException.SqlState);
        Assert.False(writer.IsHealthy);
        await Assert.ThrowsAsync<AuditLogUnavailableException>(() => writer.AppendAsync(Samples.Statement(login: "refused")));

        fs.DevFull = false;
        await WriterFactory.WaitUntil(() => writer.IsHealthy); // periodic probe, no append needed
        var ticket = await writer.AppendAsync(Samples.Statement(login: "after"));
        await writer.CloseAsync();

        var entries = LogFiles.Entries(dir.Path);
        Assert.DoesNotContain(entries, e => e.Record is StatementRecord { Subject.Login: "refused" });
        var recovery = Assert.IsType<RecoveryRecord>(Assert.Single(entries, e => e.Type == "recovery").Record);
        Assert.Equal(RecoveryKind.WriteFailure, recovery.Kind);
        Assert.True(recovery.Rejected >= 2);
        Assert.Equal(4, recovery.LastSeq);
        Assert.Equal(ticket.Seq, entries.Single(e => e.Record is StatementRecord { Subject.Login: "after" }).Seq);
        LogFiles.AssertChainIntact(dir.Path);
    }

    [Fact]
    public async Task Fsync_failure_is_never_success_and_the_partial_batch_is_cut_back()
    {
        using var dir = new TempDirectory();
        var fs = new FaultyFileSystem();
        var options = WriterFactory.Options(dir.Path, fs) with { RetryInterval = TimeSpan.FromHours(1) };
        var writer = AuditLogWriter.Open(options, TestKeys.Material);
        await WriterFactory.AppendMany(writer, 2);
        var sizeBefore = LogFiles.DataLength(LogFiles.LastSegment(dir.Path));

        fs.FailFlush = true;
        await Assert.ThrowsAsync<AuditLogUnavailableException>(() => writer.AppendAsync(Samples.Statement(login: "unsynced")));
        Assert.False(writer.IsHealthy);
        Assert.True(LogFiles.DataLength(LogFiles.LastSegment(dir.Path)) > sizeBefore, "the bytes did reach the file: only fsync failed");

        // Within the retry interval appends fail at once without touching the disk.
        var writes = fs.Writes;
        await Assert.ThrowsAsync<AuditLogUnavailableException>(() => writer.AppendAsync(Samples.Statement(login: "unsynced")));
        Assert.Equal(writes, fs.Writes);

        fs.FailFlush = false;
        await writer.CloseAsync(); // close retries once: cut back, recovery record, shutdown checkpoint

        var entries = LogFiles.Entries(dir.Path);
        Assert.DoesNotContain(entries, e => e.Record is StatementRecord { Subject.Login: "unsynced" });
        var recovery = Assert.IsType<RecoveryRecord>(entries.Single(e => e.Type == "recovery").Record);
        Assert.Equal(sizeBefore, recovery.Offset);
        Assert.Equal(2, recovery.Rejected);
        Assert.IsType<CheckpointRecord>(entries[^1].Record);
        LogFiles.AssertChainIntact(dir.Path);
    }

    [Fact]
    public async Task Batch_mode_rewrites_acknowledged_records_after_an_fsync_failure()
    {
        using var dir = new TempDirectory();
        var fs = new FaultyFileSystem();
        var options = WriterFactory.Options(dir.Path, fs, DurabilityMode.Batch) with { BatchFlushInterval = TimeSpan.FromMilliseconds(30) };
        var writer = AuditLogWriter.Open(options, TestKeys.Material);

        fs.FailFlush = true;
        var acknowledged = await WriterFactory.AppendMany(writer, 5, "acked"); // completes: written, not yet synced
        await WriterFactory.WaitUntil(() => !writer.IsHealthy);            // the timed fsync fails

        fs.FailFlush = false;
        await WriterFactory.WaitUntil(() => writer.IsHealthy);
        await writer.CloseAsync();

        var entries = LogFiles.Entries(dir.Path);
        Assert.Equal(acknowledged.Select(t => t.Seq), entries.Where(e => e.Record is StatementRecord { Subject.Login: "acked" }).Select(e => e.Seq));
        Assert.Contains(entries, e => e.Record is RecoveryRecord { Kind: RecoveryKind.WriteFailure, Rejected: 0 });
        LogFiles.AssertChainIntact(dir.Path);
    }

    [Fact]
    public async Task A_short_write_is_cut_back_before_the_next_record()
    {
        using var dir = new TempDirectory();
        var fs = new FaultyFileSystem();
        var writer = WriterFactory.Open(dir.Path, fs);
        await writer.AppendAsync(Samples.Statement());

        fs.FailWrites = true; // half a batch lands in the file, then EIO
        await Assert.ThrowsAsync<AuditLogUnavailableException>(() => writer.AppendAsync(Samples.Statement(login: "torn")));
        await Task.Delay(50);
        Assert.False(writer.IsHealthy); // truncate also fails while the device is failing

        fs.FailWrites = false;
        await WriterFactory.WaitUntil(() => writer.IsHealthy);
        await writer.AppendAsync(Samples.Statement(login: "after"));
        await writer.CloseAsync();

        Assert.DoesNotContain(LogFiles.Entries(dir.Path), e => e.Record is StatementRecord { Subject.Login: "torn" });
        LogFiles.AssertChainIntact(dir.Path);
    }

    [Fact]
    public async Task Failure_while_opening_a_new_segment_keeps_the_old_one_and_rotates_later()
    {
        using var dir = new TempDirectory();
        var fs = new FaultyFileSystem();
        var options = WriterFactory.Options(dir.Path, fs) with { SegmentMaxBytes = 2048 };
        var writer = AuditLogWriter.Open(options, TestKeys.Material);
        fs.FailOpen = true;
        for (var i = 0; i < 4; i++)
        {
            try
            {
                await writer.AppendAsync(Samples.Statement());
            }
            catch (AuditLogUnavailableException)
            {
            }
        }

        fs.FailOpen = false;
        await WriterFactory.WaitUntil(() => writer.IsHealthy);
        await WriterFactory.AppendMany(writer, 3);
        await writer.CloseAsync();
        Assert.True(SegmentNames.List(dir.Path).Count >= 2);
        LogFiles.AssertChainIntact(dir.Path);
    }
}
