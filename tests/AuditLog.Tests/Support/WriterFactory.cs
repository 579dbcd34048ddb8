using MaskingProxy.AuditLog.Log;

namespace MaskingProxy.AuditLog.Tests.Support;

internal static class WriterFactory
{
    public static AuditLogOptions Options(string directory, FaultyFileSystem? fs = null, DurabilityMode durability = DurabilityMode.Sync) => new()
    {
        Directory = directory,
        Durability = durability,
        RetryInterval = TimeSpan.FromMilliseconds(20),
        FileSystem = fs ?? new FaultyFileSystem(),
    };

    /// <summary>
    /// <see cref="Options"/> without a timed checkpoint, for tests that count writes, fsyncs or time
    /// over a window: a checkpoint written inside it would be counted too.
    /// </summary>
    public static AuditLogOptions CountingOptions(string directory, FaultyFileSystem fs)
        => Options(directory, fs) with { Checkpoints = new CheckpointPolicy { Interval = TimeSpan.FromHours(1) } };

    public static AuditLogWriter Open(string directory, FaultyFileSystem? fs = null, DurabilityMode durability = DurabilityMode.Sync)
        => AuditLogWriter.Open(Options(directory, fs, durability), TestKeys.Material);

    public static async Task<AuditTicket[]> AppendMany(AuditLogWriter writer, int count, string login = "alice")
    {
        var tasks = new Task<AuditTicket>[count];
        for (var i = 0; i < count; i++)
        {
            tasks[i] = writer.AppendAsync(Samples.Statement(login: login));
        }

        return await Task.WhenAll(tasks);
    }

    public static async Task WaitUntil(Func<bool> condition, int timeoutMs = 5000)
    {
        var deadline = Environment.TickCount64 + timeoutMs;
        while (!condition())
        {
            Assert.True(Environment.TickCount64 < deadline, "condition not reached in time");
            await Task.Delay(10);
        }
    }
}
