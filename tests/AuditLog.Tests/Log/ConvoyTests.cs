using System.Diagnostics;
using MaskingProxy.AuditLog.Log;
using MaskingProxy.AuditLog.Tests.Support;
using MaskingProxy.AuditLog.Verify;

namespace MaskingProxy.AuditLog.Tests.Log;

/// <summary>Sync mode: the writer waits (at most about one write's time) for the rest of a convoy before writing.</summary>
public sealed class ConvoyTests
{
    private static readonly TimeSpan SlowWrite = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task AppendAsync_ConvoyArrivesWithinAWritesTime_OneWriteAndOneFsyncForAll()
    {
        using var dir = new TempDirectory();
        var files = new FaultyFileSystem();
        var writer = Open(dir.Path, files, TimeSpan.FromSeconds(10));
        await EstablishConvoyOfSixAfterASlowWrite(writer, files);
        var (writes, flushes) = (files.Writes, files.Flushes);

        var first = writer.AppendAsync(Samples.Statement(login: "a0"));
        await Task.Delay(5); // the writer has long woken up for a0; the rest come "a client round trip" later
        var rest = Enumerable.Range(1, 5).Select(i => writer.AppendAsync(Samples.Statement(login: "a" + i))).ToArray();
        await Task.WhenAll([first, .. rest]);

        Assert.Equal(1, files.Writes - writes);
        Assert.Equal(1, files.Flushes - flushes);
        await writer.CloseAsync();
        Assert.Equal(VerifyOutcome.Intact, AuditVerifier.Verify(dir.Path, TestKeys.Material).Outcome);
    }

    [Fact]
    public async Task AppendAsync_ConvoyDoesNotCome_WrittenOnceTheWindowIsOver()
    {
        using var dir = new TempDirectory();
        var files = new FaultyFileSystem();
        var writer = Open(dir.Path, files, TimeSpan.FromSeconds(10));
        await EstablishConvoyOfSixAfterASlowWrite(writer, files);

        // The window is the write average: about an eighth of the one-second write.
        var started = Stopwatch.GetTimestamp();
        await writer.AppendAsync(Samples.Statement(login: "alone")).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(Stopwatch.GetElapsedTime(started) >= TimeSpan.FromMilliseconds(50), "the writer did not wait for the convoy");
        await writer.CloseAsync();
    }

    [Fact]
    public async Task AppendAsync_GatherLimitZero_FirstAppendWrittenWithoutWaiting()
    {
        using var dir = new TempDirectory();
        var files = new FaultyFileSystem();
        var writer = Open(dir.Path, files, TimeSpan.Zero);
        await EstablishConvoyOfSixAfterASlowWrite(writer, files);
        var writes = files.Writes;

        var first = writer.AppendAsync(Samples.Statement(login: "a0"));
        await Task.Delay(100);
        var rest = Enumerable.Range(1, 5).Select(i => writer.AppendAsync(Samples.Statement(login: "a" + i))).ToArray();
        await Task.WhenAll([first, .. rest]);

        Assert.True(first.IsCompletedSuccessfully);
        Assert.True(files.Writes - writes >= 2, "a0 should have been written on its own");
        await writer.CloseAsync();
    }

    [Fact]
    public void Open_NegativeGatherLimit_Refused()
    {
        using var dir = new TempDirectory();
        var options = WriterFactory.Options(dir.Path) with { SyncGatherLimit = TimeSpan.FromMicroseconds(-1) };

        Assert.Throws<ArgumentOutOfRangeException>(() => AuditLogWriter.Open(options, TestKeys.Material));
    }

    private static AuditLogWriter Open(string directory, FaultyFileSystem files, TimeSpan gatherLimit)
        => AuditLogWriter.Open(WriterFactory.CountingOptions(directory, files) with { SyncGatherLimit = gatherLimit }, TestKeys.Material);

    /// <summary>A batch of six (one held in a slow write, five joining it) teaches the writer to expect six and that writes are slow.</summary>
    private static async Task EstablishConvoyOfSixAfterASlowWrite(AuditLogWriter writer, FaultyFileSystem files)
    {
        await writer.AppendAsync(Samples.Statement(login: "warm-up"));
        files.HoldNextWrite();
        var first = writer.AppendAsync(Samples.Statement(login: "held"));
        Assert.True(await files.WaitUntilHeldAsync(), "the writer never wrote");
        var late = Enumerable.Range(0, 5).Select(i => writer.AppendAsync(Samples.Statement(login: "late" + i))).ToArray();
        await Task.Delay(SlowWrite);
        files.Release();
        await Task.WhenAll([first, .. late]);
    }
}
