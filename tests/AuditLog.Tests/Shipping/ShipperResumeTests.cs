using System.Text;
using MaskingProxy.AuditLog.Log;
using MaskingProxy.AuditLog.Records;
using MaskingProxy.AuditLog.Shipping;
using MaskingProxy.AuditLog.Tests.Support;

namespace MaskingProxy.AuditLog.Tests.Shipping;

/// <summary>The persisted position: restarts resume exactly, torn lines wait, a replaced directory starts over.</summary>
public sealed class ShipperResumeTests
{
    [Fact]
    public async Task A_restarted_shipper_resumes_from_the_persisted_position_without_resending()
    {
        using var dir = new TempDirectory();
        await ShippingHarness.WriteClosedLog(dir.Path, 300);
        var total = ShippingHarness.ExpectedIds(dir.Path).Count;
        await using var server = await ElasticsearchTestServer.StartAsync();
        var log = new ShipperLog();
        var options = ShippingHarness.Options(dir.Path, ShippingHarness.Elasticsearch(server.Url), log) with { MaxBatchRecords = 50 };

        ShipperPosition? stoppedAt;
        await using (var first = new AuditShipper(options))
        {
            Assert.True(await first.ShipOnceAsync(CancellationToken.None));
            Assert.True(await first.ShipOnceAsync(CancellationToken.None));
            stoppedAt = first.Position;
        }

        Assert.Equal(100, stoppedAt!.Seq);
        Assert.Equal(100, server.Count(ShippingHarness.Index));

        await using var second = new AuditShipper(options);
        second.Start();
        await ShippingHarness.WaitShipped(second, dir.Path, log);
        Assert.Equal(total, server.Count(ShippingHarness.Index));
        Assert.Equal(total, server.CreateAttempts.Count); // nothing was sent twice
        Assert.Equal(0, second.Metrics.AlreadyPresent);
        Assert.Equal(total - 100, second.Metrics.Shipped);
    }

    [Fact]
    public async Task A_torn_last_line_is_not_shipped_until_it_is_complete()
    {
        using var source = new TempDirectory();
        var lines = await ShippingHarness.WriteClosedLog(source.Path, 10);
        using var dir = new TempDirectory();
        var segment = dir.Combine(SegmentNames.Format(1));
        var complete = string.Join("\n", lines[..^1]) + "\n";
        var last = lines[^1];
        var half = last.Length / 2;
        File.WriteAllText(segment, complete + last[..half], new UTF8Encoding(false));

        await using var server = await ElasticsearchTestServer.StartAsync();
        var log = new ShipperLog();
        await using var shipper = new AuditShipper(ShippingHarness.Options(dir.Path, ShippingHarness.Elasticsearch(server.Url), log));
        shipper.Start();
        var penultimate = AuditRecordParserSeq(lines[^2]);
        await ShippingHarness.WaitUntil(() => shipper.Position?.Seq == penultimate, TimeSpan.FromSeconds(10), log.ToString);
        await Task.Delay(300); // many poll intervals: the partial line must stay unshipped
        Assert.Equal(lines.Count - 1, server.Count(ShippingHarness.Index));
        Assert.Equal(Encoding.UTF8.GetByteCount(complete), shipper.Position!.Offset);
        Assert.Equal(0, shipper.Metrics.Poison);

        LogFiles.AppendRaw(segment, last[half..] + "\n");
        await ShippingHarness.WaitUntil(() => shipper.Position?.Seq == penultimate + 1, TimeSpan.FromSeconds(10), log.ToString);
        Assert.Equal(lines.Count, server.Count(ShippingHarness.Index));
        var documents = server.Documents(ShippingHarness.Index);
        var lastEntry = AuditRecordParser.Parse(last);
        Assert.StartsWith(last[..^1], documents[lastEntry.ChainId + ":" + lastEntry.Seq], StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreadable_position_file_starts_over_and_everything_answers_409()
    {
        using var dir = new TempDirectory();
        await ShippingHarness.WriteClosedLog(dir.Path, 20);
        var total = ShippingHarness.ExpectedIds(dir.Path).Count;
        await using var server = await ElasticsearchTestServer.StartAsync();
        var log = new ShipperLog();
        var options = ShippingHarness.Options(dir.Path, ShippingHarness.Elasticsearch(server.Url), log);
        await using (var first = new AuditShipper(options))
        {
            first.Start();
            await ShippingHarness.WaitShipped(first, dir.Path, log);
        }

        File.WriteAllText(options.ResolvedPositionFile, "{\"segment\":");
        await using var second = new AuditShipper(options);
        second.Start();
        await ShippingHarness.WaitShipped(second, dir.Path, log);
        Assert.True(log.Contains("starts over"), log.ToString());
        Assert.Equal(total, second.Metrics.AlreadyPresent);
        Assert.Equal(total, server.Count(ShippingHarness.Index));
    }

    [Fact]
    public async Task A_replaced_audit_directory_is_noticed_and_its_new_chain_shipped_from_the_start()
    {
        using var dir = new TempDirectory();
        await ShippingHarness.WriteClosedLog(dir.Path, 50);
        var firstIds = ShippingHarness.ExpectedIds(dir.Path);
        await using var server = await ElasticsearchTestServer.StartAsync();
        var log = new ShipperLog();
        var options = ShippingHarness.Options(dir.Path, ShippingHarness.Elasticsearch(server.Url), log);
        await using (var first = new AuditShipper(options))
        {
            first.Start();
            await ShippingHarness.WaitShipped(first, dir.Path, log);
        }

        // The operator archives the old log and starts the proxy on an empty directory (new chain).
        foreach (var (_, path) in SegmentNames.List(dir.Path))
        {
            File.Delete(path);
        }

        File.Delete(dir.Combine(SegmentNames.LockFileName));
        await ShippingHarness.WriteClosedLog(dir.Path, 80);
        var secondIds = ShippingHarness.ExpectedIds(dir.Path);
        Assert.NotEqual(firstIds[0].Split(':')[0], secondIds[0].Split(':')[0]);

        await using var second = new AuditShipper(options);
        second.Start();
        await ShippingHarness.WaitShipped(second, dir.Path, log);
        Assert.True(log.Contains("starts over"), log.ToString());
        Assert.Equal(firstIds.Count + secondIds.Count, server.Count(ShippingHarness.Index));
        Assert.Equal(secondIds.Count, second.Metrics.Shipped);
        Assert.Equal(0, second.Metrics.AlreadyPresent);
    }

    private static long AuditRecordParserSeq(string line) => AuditRecordParser.Parse(line).Seq;
}
