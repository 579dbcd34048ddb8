using MaskingProxy.AuditLog.Crypto;
using MaskingProxy.AuditLog.Log;
using MaskingProxy.AuditLog.Records;
using MaskingProxy.AuditLog.Tests.Support;

namespace MaskingProxy.AuditLog.Tests.Log;

public class AuditLogWriterTests
{
    [Fact]
    public async Task New_directory_starts_a_chain_and_close_seals_it()
    {
        using var dir = new TempDirectory();
        var audit = dir.Combine("audit");
        var writer = WriterFactory.Open(audit);
        Assert.True(writer.Startup.NewChain);
        Assert.Equal(0, writer.Startup.LastSeq);

        var ticket = await writer.AppendAsync(Samples.Statement());
        Assert.Equal(new AuditTicket(writer.ChainId, 2), ticket); // seq 1 is the segment record
        await writer.AppendAsync(new StatementOutcomeRecord { StatementSeq = ticket.Seq, Subject = Samples.Subject(), Outcome = new StatementOutcome { Status = OutcomeStatus.Success, Rows = 1 } });
        await writer.CloseAsync();

        var entries = LogFiles.Entries(audit);
        Assert.Equal(["segment", "statement", "statement_outcome", "checkpoint"], entries.Select(e => e.Type));
        var last = Assert.IsType<CheckpointRecord>(entries[^1].Record);
        Assert.Equal(CheckpointReason.Shutdown, last.Reason);
        Assert.Equal(3, last.HeadSeq);
        Assert.Equal(4, LogFiles.AssertChainIntact(audit));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(audit));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead, File.GetUnixFileMode(Path.Combine(audit, "audit-000001.jsonl")));
    }

    [Fact]
    public async Task AppendAsync_RecordsLargerThanTheThreadBufferBetweenSmallOnes_AllStoredAsSerialized()
    {
        using var dir = new TempDirectory();
        var writer = WriterFactory.Open(dir.Path, durability: DurabilityMode.Batch);

        // 16,000 control characters escape to 96,000 bytes: more than a thread keeps between appends.
        var sm3 = Samples.Statement().StatementSm3;
        var records = new List<StatementRecord>();
        for (var i = 0; i < 6; i++)
        {
            records.Add(i % 2 == 0
                ? new StatementRecord { Subject = Samples.Subject(), Action = "SELECT", Statement = new string('\u0001', 16_000) + i, StatementSm3 = sm3, Verdict = Verdict.Allow }
                : Samples.Statement(login: "small" + i));
        }

        await Task.WhenAll(records.Select(writer.AppendAsync));
        await writer.CloseAsync();

        var stored = LogFiles.Entries(dir.Path).Where(e => e.Type == "statement").Select(e => (StatementRecord)e.Record).ToList();
        Assert.Equal(records.Select(r => CanonicalJsonWriter.Capped(r.Statement, FieldCaps.Statement)), stored.Select(r => r.Statement));
        Assert.Equal(records.Select(r => r.Subject.Login), stored.Select(r => r.Subject.Login));
        LogFiles.AssertChainIntact(dir.Path);
    }

    [Fact]
    public async Task Reopening_a_cleanly_closed_log_continues_the_chain()
    {
        using var dir = new TempDirectory();
        var first = WriterFactory.Open(dir.Path);
        await WriterFactory.AppendMany(first, 5);
        await first.CloseAsync();

        var second = WriterFactory.Open(dir.Path);
        Assert.False(second.Startup.NewChain);
        Assert.True(second.Startup.PreviousRunClean);
        Assert.Equal(first.ChainId, second.ChainId);
        Assert.Equal(7, second.Startup.LastSeq);
        var ticket = await second.AppendAsync(Samples.Statement());
        Assert.Equal(8, ticket.Seq);
        await second.CloseAsync();

        Assert.Equal(9, LogFiles.AssertChainIntact(dir.Path));
        Assert.DoesNotContain(LogFiles.Entries(dir.Path), e => e.Type == "recovery");
    }

    [Fact]
    public async Task Concurrent_appends_are_group_committed()
    {
        using var dir = new TempDirectory();
        var fs = new FaultyFileSystem();
        var writer = WriterFactory.Open(dir.Path, fs);
        var flushesBefore = fs.Flushes;
        var tasks = Enumerable.Range(0, 16).Select(t => Task.Run(() => WriterFactory.AppendMany(writer, 250, "user" + t))).ToArray();
        var tickets = (await Task.WhenAll(tasks)).SelectMany(x => x).ToArray();
        var flushes = fs.Flushes - flushesBefore;
        await writer.CloseAsync();

        Assert.Equal(4000, tickets.Select(t => t.Seq).Distinct().Count());
        Assert.True(flushes < 4000 / 4, $"{flushes} fsyncs for 4000 appends: not batched");
        Assert.Equal(LogFiles.AssertChainIntact(dir.Path), LogFiles.Entries(dir.Path).Count);
    }

    [Fact]
    public async Task Sync_mode_completes_only_after_fsync()
    {
        using var dir = new TempDirectory();
        var fs = new FaultyFileSystem();
        var writer = WriterFactory.Open(dir.Path, fs);
        var before = fs.Flushes;
        await writer.AppendAsync(Samples.Statement());
        Assert.True(fs.Flushes > before);
        await writer.CloseAsync();
    }

    [Fact]
    public async Task Batch_mode_completes_before_fsync_and_syncs_within_the_interval()
    {
        using var dir = new TempDirectory();
        var fs = new FaultyFileSystem();
        var options = WriterFactory.Options(dir.Path, fs, DurabilityMode.Batch) with { BatchFlushInterval = TimeSpan.FromMilliseconds(750) };
        var writer = AuditLogWriter.Open(options, TestKeys.Material);
        var before = fs.Flushes;
        await WriterFactory.AppendMany(writer, 10);
        Assert.Equal(before, fs.Flushes);
        await WriterFactory.WaitUntil(() => fs.Flushes > before);

        var beforeExplicit = fs.Flushes;
        await writer.AppendAsync(Samples.Statement());
        await writer.FlushAsync();
        Assert.True(fs.Flushes > beforeExplicit);
        await writer.CloseAsync();
        LogFiles.AssertChainIntact(dir.Path);
    }

    [Fact]
    public async Task A_second_writer_on_the_same_directory_fails_clearly()
    {
        using var dir = new TempDirectory();
        var writer = WriterFactory.Open(dir.Path);
        var ex = Assert.Throws<AuditLogLockedException>(() => WriterFactory.Open(dir.Path));
        Assert.Contains("in use by another writer", ex.Message, StringComparison.Ordinal);
        Assert.True(DirectoryLock.IsHeld(dir.Path));
        await writer.CloseAsync();
        Assert.False(DirectoryLock.IsHeld(dir.Path));
        await WriterFactory.Open(dir.Path).CloseAsync();
    }

    [Fact]
    public async Task Writer_only_record_types_and_appends_after_close_are_refused()
    {
        using var dir = new TempDirectory();
        var writer = WriterFactory.Open(dir.Path);
        Assert.Throws<ArgumentException>(() => { _ = writer.AppendAsync(new CheckpointRecord { HeadSeq = 1, HeadHash = "", KeyId = "", Reason = CheckpointReason.Manual, Records = 0 }); });
        Assert.Throws<ArgumentException>(() => { _ = writer.AppendAsync(new RecoveryRecord { Kind = RecoveryKind.TornTail }); });
        await writer.CloseAsync();
        await Assert.ThrowsAsync<AuditLogUnavailableException>(() => writer.AppendAsync(Samples.Statement()));
    }

    [Fact]
    public async Task Checkpoints_follow_the_record_count_and_manual_requests()
    {
        using var dir = new TempDirectory();
        var options = WriterFactory.Options(dir.Path) with { Checkpoints = new CheckpointPolicy { Records = 10, MinInterval = TimeSpan.Zero } };
        var writer = AuditLogWriter.Open(options, TestKeys.Material);
        for (var i = 0; i < 25; i++)
        {
            await writer.AppendAsync(Samples.Statement());
        }

        var manual = await writer.CheckpointAsync();
        await writer.CloseAsync();

        var reasons = LogFiles.Entries(dir.Path).Select(e => e.Record).OfType<CheckpointRecord>().Select(c => c.Reason).ToList();
        Assert.Equal([CheckpointReason.Count, CheckpointReason.Count, CheckpointReason.Manual, CheckpointReason.Shutdown], reasons);
        Assert.Equal("checkpoint", LogFiles.Entries(dir.Path).Single(e => e.Seq == manual.Seq).Type);
        LogFiles.AssertChainIntact(dir.Path);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task InlineCompletions_resume_awaiters_on_the_writer_thread_only_when_asked(bool inline)
    {
        using var dir = new TempDirectory();
        var options = WriterFactory.Options(dir.Path) with { InlineCompletions = inline };
        var writer = AuditLogWriter.Open(options, TestKeys.Material);
        var threads = new List<string?>();
        // Off xunit's synchronization context, so continuations run where the completion puts them.
        await Task.Run(async () =>
        {
            // Until 20 awaits really waited: on a loaded machine many appends complete before the check.
            for (var i = 0; i < 1000 && threads.Count < 20; i++)
            {
                var append = writer.AppendAsync(Samples.Statement());
                if (append.IsCompleted)
                {
                    // Completed before the await (this thread was descheduled for a whole group commit):
                    // the await goes on synchronously here, whatever the writer does with continuations.
                    await append;
                    continue;
                }

                await append;
                threads.Add(Thread.CurrentThread.Name);
            }
        });

        await writer.CloseAsync();
        Assert.NotEmpty(threads);
        // Inline: every awaiter resumed right after its group commit, on the writer thread. Otherwise
        // never: continuations go to the thread pool and the writer thread only writes.
        Assert.Equal(inline, threads.Any(t => t == "audit-log-writer"));
        Assert.Equal(inline, threads.All(t => t == "audit-log-writer"));
        LogFiles.AssertChainIntact(dir.Path);
    }

    [Fact]
    public async Task Idle_unsigned_records_get_an_interval_checkpoint()
    {
        using var dir = new TempDirectory();
        var options = WriterFactory.Options(dir.Path) with { Checkpoints = new CheckpointPolicy { Interval = TimeSpan.FromMilliseconds(50) } };
        var writer = AuditLogWriter.Open(options, TestKeys.Material);
        await writer.AppendAsync(Samples.Statement());
        await WriterFactory.WaitUntil(() => LogFiles.Lines(dir.Path).Any(l => l.Contains("\"reason\":\"interval\"", StringComparison.Ordinal)));
        await writer.CloseAsync();
        LogFiles.AssertChainIntact(dir.Path);
    }

    [Fact]
    public async Task Segments_rotate_by_size_and_the_chain_continues_across_them()
    {
        using var dir = new TempDirectory();
        var options = WriterFactory.Options(dir.Path) with { SegmentMaxBytes = 4096 };
        var writer = AuditLogWriter.Open(options, TestKeys.Material);
        for (var i = 0; i < 30; i++)
        {
            await writer.AppendAsync(Samples.Statement());
        }

        await writer.CloseAsync();
        var segments = SegmentNames.List(dir.Path);
        Assert.True(segments.Count > 3);
        Assert.Equal(Enumerable.Range(1, segments.Count).Select(i => (long)i), segments.Select(s => s.Number));
        foreach (var (number, path) in segments)
        {
            var entries = File.ReadAllLines(path).Select(l => AuditRecordParser.Parse(l)).ToList();
            var header = Assert.IsType<SegmentRecord>(entries[0].Record);
            Assert.Equal(number, header.Number);
            if (number > 1)
            {
                Assert.Equal(SegmentNames.Format(number - 1), header.PrevSegment);
            }

            var tail = Assert.IsType<CheckpointRecord>(entries[^1].Record);
            Assert.Equal(number == segments.Count ? CheckpointReason.Shutdown : CheckpointReason.Rotation, tail.Reason);
        }

        LogFiles.AssertChainIntact(dir.Path);

        var reopened = AuditLogWriter.Open(options, TestKeys.Material);
        Assert.Equal(Path.GetFileName(segments[^1].Path), reopened.Startup.Segment);
        await reopened.AppendAsync(Samples.Statement());
        await reopened.CloseAsync();
        LogFiles.AssertChainIntact(dir.Path);
    }

    [Fact]
    public async Task Keys_missing_from_the_material_are_refused()
    {
        using var dir = new TempDirectory();
        Assert.Throws<AuditKeyException>(() => AuditLogWriter.Open(WriterFactory.Options(dir.Path), TestKeys.PublicOnly));
        await WriterFactory.Open(dir.Path).CloseAsync(); // the lock was not left behind
    }
}
