using MaskingProxy.AuditLog.Log;
using MaskingProxy.AuditLog.Tests.Support;

namespace MaskingProxy.AuditLog.Tests.Log;

/// <summary>The writer's time counters (what /metrics reports as a group commit's cost on the disk).</summary>
public sealed class WriterTimingTests
{
    [Fact]
    public async Task WriteTime_WriteHeldForAWhile_CountsTheHeldTime()
    {
        using var dir = new TempDirectory();
        var files = new FaultyFileSystem();
        var writer = Open(dir.Path, files);
        await writer.AppendAsync(Samples.Statement(login: "warm-up"));
        var (writes, time) = (writer.Writes, writer.WriteTime);

        files.HoldNextWrite();
        var held = writer.AppendAsync(Samples.Statement(login: "held"));
        Assert.True(await files.WaitUntilHeldAsync(), "the writer never wrote");
        await Task.Delay(TimeSpan.FromMilliseconds(300));
        files.Release();
        await held;

        Assert.Equal(1, writer.Writes - writes);
        Assert.InRange(writer.WriteTime - time, TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(30));
        await writer.CloseAsync();
    }

    [Fact]
    public async Task SyncTime_SlowFsyncs_CountsEachSuccessfulOne()
    {
        using var dir = new TempDirectory();
        var files = new FaultyFileSystem();
        var writer = Open(dir.Path, files);
        await writer.AppendAsync(Samples.Statement(login: "warm-up"));
        var (syncs, time) = (writer.Syncs, writer.SyncTime);

        files.FlushDelay = TimeSpan.FromMilliseconds(60);
        for (var i = 0; i < 3; i++)
        {
            await writer.AppendAsync(Samples.Statement(login: "slow" + i)); // sync mode: each waits for its own fsync
        }
        files.FlushDelay = TimeSpan.Zero;

        Assert.Equal(3, writer.Syncs - syncs);
        Assert.InRange(writer.SyncTime - time, TimeSpan.FromMilliseconds(3 * 55), TimeSpan.FromSeconds(30));
        await writer.CloseAsync();
    }

    [Fact]
    public async Task SyncTime_FsyncFails_NotCounted()
    {
        using var dir = new TempDirectory();
        var files = new FaultyFileSystem();
        var writer = Open(dir.Path, files);
        await writer.AppendAsync(Samples.Statement(login: "warm-up"));
        var (syncs, time) = (writer.Syncs, writer.SyncTime);

        files.FailFlush = true;
        await Assert.ThrowsAsync<AuditLogUnavailableException>(() => writer.AppendAsync(Samples.Statement(login: "lost")));

        Assert.Equal(syncs, writer.Syncs);
        Assert.Equal(time, writer.SyncTime);
        files.FailFlush = false;
        await writer.CloseAsync();
    }

    private static AuditLogWriter Open(string directory, FaultyFileSystem files)
        => AuditLogWriter.Open(WriterFactory.CountingOptions(directory, files), TestKeys.Material);
}
