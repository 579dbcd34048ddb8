using MaskingProxy.AuditLog.Log;
using MaskingProxy.AuditLog.Shipping;
using MaskingProxy.AuditLog.Tests.Support;

namespace MaskingProxy.AuditLog.Tests.Shipping;

/// <summary>Shared set-up for shipping tests: fast timings, an audit directory written by the real writer, waiting helpers.</summary>
internal static class ShippingHarness
{
    public const string Index = "maskingproxy-audit";

    public static ElasticsearchOptions Elasticsearch(Uri url, string index = Index) => new()
    {
        Url = url,
        Index = index,
        RequestTimeout = TimeSpan.FromSeconds(5),
    };

    public static ShipperOptions Options(string directory, ElasticsearchOptions elasticsearch, ShipperLog log) => new()
    {
        Directory = directory,
        Elasticsearch = elasticsearch,
        PollInterval = TimeSpan.FromMilliseconds(20),
        InitialBackoff = TimeSpan.FromMilliseconds(20),
        MaxBackoff = TimeSpan.FromMilliseconds(300),
        MaxBatchRecords = 100,
        Log = log.Add,
    };

    /// <summary>Writes <paramref name="count"/> statement records (plus the writer's own records) and closes the log; returns the local lines.</summary>
    public static async Task<List<string>> WriteClosedLog(string directory, int count, long segmentMaxBytes = 64L * 1024 * 1024)
    {
        var options = WriterFactory.Options(directory, durability: DurabilityMode.Batch) with { SegmentMaxBytes = segmentMaxBytes };
        await using (var writer = AuditLogWriter.Open(options, TestKeys.Material))
        {
            await WriterFactory.AppendMany(writer, count);
            await writer.CloseAsync();
        }

        return LogFiles.Lines(directory);
    }

    /// <summary>The document ids the local log should produce, in order.</summary>
    public static List<string> ExpectedIds(string directory)
        => LogFiles.Entries(directory).Select(e => e.ChainId + ":" + e.Seq).ToList();

    public static async Task WaitUntil(Func<bool> condition, TimeSpan timeout, Func<string> describe)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail("condition not reached in time: " + describe());
            }

            await Task.Delay(20);
        }
    }

    /// <summary>Waits until the shipper has confirmed everything up to the log's last record.</summary>
    public static Task WaitShipped(AuditShipper shipper, string directory, ShipperLog log, int timeoutSeconds = 30)
    {
        var last = LogFiles.Entries(directory)[^1].Seq;
        return WaitUntil(() => shipper.Position?.Seq == last, TimeSpan.FromSeconds(timeoutSeconds),
            () => $"position {shipper.Position}, expected seq {last}; log:\n{log}");
    }
}
