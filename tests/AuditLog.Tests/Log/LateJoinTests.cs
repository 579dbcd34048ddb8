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
        var files = new GatedWriteFileSystem();
        var writer = AuditLogWriter.Open(new AuditLogOptions { Directory = dir.Path, FileSystem = files }, TestKeys.Material);
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
}
