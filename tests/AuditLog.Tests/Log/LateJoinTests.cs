using MaskingProxy.AuditLog.Log;
using MaskingProxy.AuditLog.Records;
using MaskingProxy.AuditLog.Tests.Support;
using MaskingProxy.AuditLog.Verify;

namespace MaskingProxy.AuditLog.Tests.Log;

/// <summary>Sync mode: appends queued while a batch is being written join that batch's fsync.</summary>
public sealed class LateJoinTests
{
    [Fact]
    public async Task AppendAsync_QueuedWhileABatchIsWritten_DurableWithThatBatchsFsync()
    {
        using var dir = new TempDirectory();
        var files = new FaultyFileSystem();
        var writer = WriterFactory.Open(dir.Path, files);
        await writer.AppendAsync(Samples.Statement(login: "warm-up")); // reservation and startup done
        var flushesBefore = files.Flushes;
        var syncsBefore = writer.Syncs;

        files.HoldNextWrite();
        var first = writer.AppendAsync(Samples.Statement(login: "first"));
        Assert.True(await files.WaitUntilHeldAsync(), "the writer never wrote");
        var late = Enumerable.Range(0, 5).Select(i => writer.AppendAsync(Samples.Statement(login: "late" + i))).ToArray();
        Assert.False(first.IsCompleted);
        files.Release();
        var tickets = await Task.WhenAll([first, .. late]);

        Assert.Equal(1, files.Flushes - flushesBefore);
        Assert.Equal(1, writer.Syncs - syncsBefore);
        Assert.Equal(Enumerable.Range(0, 6).Select(i => tickets[0].Seq + i), tickets.Select(t => t.Seq));
        await writer.CloseAsync();
        var logins = AuditSearch.Search(dir.Path, new AuditQuery()).Select(e => e.Record).OfType<StatementRecord>().Select(r => r.Subject.Login);
        Assert.Equal(["warm-up", "first", "late0", "late1", "late2", "late3", "late4"], logins);
        Assert.Equal(VerifyOutcome.Intact, AuditVerifier.Verify(dir.Path, TestKeys.Material).Outcome);
    }

    [Fact]
    public async Task AppendAsync_FsyncFailsAfterLateJoiners_AllOfTheBatchRefusedChainRolledBack()
    {
        using var dir = new TempDirectory();
        var files = new FaultyFileSystem();
        var writer = WriterFactory.Open(dir.Path, files);
        var before = await writer.AppendAsync(Samples.Statement(login: "before"));

        files.HoldNextWrite();
        var first = writer.AppendAsync(Samples.Statement(login: "first"));
        Assert.True(await files.WaitUntilHeldAsync(), "the writer never wrote");
        var late = Enumerable.Range(0, 3).Select(i => writer.AppendAsync(Samples.Statement(login: "late" + i))).ToArray();
        files.FailFlush = true;
        files.Release();

        // The late joiners were written with the batch: the failed fsync refuses every one of them.
        foreach (var append in late.Prepend(first))
        {
            await Assert.ThrowsAsync<AuditLogUnavailableException>(() => append);
        }

        files.FailFlush = false;
        AuditTicket after;
        var deadline = Environment.TickCount64 + 5000;
        while (true)
        {
            try
            {
                after = await writer.AppendAsync(Samples.Statement(login: "after"));
                break;
            }
            catch (AuditLogUnavailableException) when (Environment.TickCount64 < deadline)
            {
                await Task.Delay(10); // refused until the writer has recovered
            }
        }

        await writer.CloseAsync();
        var logins = AuditSearch.Search(dir.Path, new AuditQuery()).Select(e => e.Record).OfType<StatementRecord>().Select(r => r.Subject.Login).ToList();
        Assert.DoesNotContain("first", logins);
        Assert.DoesNotContain(logins, l => l.StartsWith("late", StringComparison.Ordinal));
        Assert.Equal(["before", "after"], logins.Distinct());
        Assert.True(after.Seq > before.Seq);
        Assert.Equal(VerifyOutcome.Intact, AuditVerifier.Verify(dir.Path, TestKeys.Material).Outcome);
    }
}
