using MaskingProxy.AuditLog.Log;
using MaskingProxy.AuditLog.Shipping;
using MaskingProxy.AuditLog.Tests.Support;
using MaskingProxy.AuditLog.Verify;

namespace MaskingProxy.AuditLog.Tests.Shipping;

/// <summary>At-least-once and idempotent: outages, lost responses, partial failures, 429, poison.</summary>
public sealed class ShipperFaultTests
{
    [Fact]
    public async Task An_outage_of_several_seconds_while_the_proxy_writes_loses_nothing_and_duplicates_nothing()
    {
        using var dir = new TempDirectory();
        await using var server = await ElasticsearchTestServer.StartAsync();
        var log = new ShipperLog();
        await using var writer = AuditLogWriter.Open(WriterFactory.Options(dir.Path, durability: DurabilityMode.Batch), TestKeys.Material);
        await using var shipper = new AuditShipper(ShippingHarness.Options(dir.Path, ShippingHarness.Elasticsearch(server.Url), log));
        shipper.Start();

        var writing = Task.Run(async () =>
        {
            for (var i = 0; i < 100; i++)
            {
                await WriterFactory.AppendMany(writer, 10);
                await Task.Delay(40);
            }
        });
        // The outage starts once shipping is under way (on a loaded CI host the first bulk request,
        // after the template install and the HTTP stack's warm-up, can take longer than a fixed delay).
        await WriterFactory.WaitUntil(() => shipper.Metrics.Shipped > 0, timeoutMs: 10_000);
        await server.TakeDownAsync();
        var shippedBefore = shipper.Metrics.Shipped;
        await Task.Delay(TimeSpan.FromSeconds(3));
        var shippedDuring = shipper.Metrics.Shipped;
        await server.BringBackAsync();
        await writing;
        await writer.CloseAsync();
        await ShippingHarness.WaitShipped(shipper, dir.Path, log);

        var expected = ShippingHarness.ExpectedIds(dir.Path);
        var documents = server.Documents(ShippingHarness.Index);
        Assert.Equal(expected.Count, documents.Count);
        Assert.Equal(expected.Order(StringComparer.Ordinal), documents.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(expected.Count, shipper.Metrics.Shipped);
        Assert.True(shippedBefore > 0, "some records shipped before the outage");
        Assert.True(shippedDuring - shippedBefore <= 100, "at most one in-flight batch completes after the server goes down");
        Assert.True(shipper.Metrics.FailedRequests > 0, log.ToString());
        Assert.Equal(0, shipper.Metrics.Poison);
    }

    [Fact]
    public async Task A_lost_bulk_response_is_resent_and_the_409s_count_as_shipped()
    {
        using var dir = new TempDirectory();
        await ShippingHarness.WriteClosedLog(dir.Path, 40);
        await using var server = await ElasticsearchTestServer.StartAsync();
        server.StoreThenFailNextBulks(1);
        var log = new ShipperLog();
        await using var shipper = new AuditShipper(ShippingHarness.Options(dir.Path, ShippingHarness.Elasticsearch(server.Url), log));
        shipper.Start();
        await ShippingHarness.WaitShipped(shipper, dir.Path, log);

        var expected = ShippingHarness.ExpectedIds(dir.Path);
        Assert.Equal(expected.Count, server.Count(ShippingHarness.Index));
        Assert.Equal(expected.Count * 2, server.CreateAttempts.Count); // every item was sent twice
        Assert.Equal(expected.Count, shipper.Metrics.AlreadyPresent);
        Assert.Equal(expected.Count, shipper.Metrics.Shipped);
        Assert.Equal(1, shipper.Metrics.FailedRequests);
    }

    [Fact]
    public async Task Partial_failures_resend_only_the_failed_items()
    {
        using var dir = new TempDirectory();
        await ShippingHarness.WriteClosedLog(dir.Path, 40);
        var ids = ShippingHarness.ExpectedIds(dir.Path);
        await using var server = await ElasticsearchTestServer.StartAsync();
        server.FailItem(ids[3], 429, times: 2);
        server.FailItem(ids[7], 503);
        server.FailItem(ids[^1], 500);
        var log = new ShipperLog();
        await using var shipper = new AuditShipper(ShippingHarness.Options(dir.Path, ShippingHarness.Elasticsearch(server.Url), log));
        shipper.Start();
        await ShippingHarness.WaitShipped(shipper, dir.Path, log);

        Assert.Equal(ids.Order(StringComparer.Ordinal), server.Documents(ShippingHarness.Index).Keys.Order(StringComparer.Ordinal));
        Assert.Equal(ids.Count + 4, server.CreateAttempts.Count);
        Assert.Equal(3, server.CreateAttempts.Count(id => id == ids[3]));
        Assert.Equal(4, shipper.Metrics.RetriedItems);
        Assert.Equal(ids.Count, shipper.Metrics.Shipped);
        Assert.Equal(0, shipper.Metrics.AlreadyPresent);
    }

    [Fact]
    public async Task Too_many_requests_and_server_errors_back_off_and_then_succeed()
    {
        using var dir = new TempDirectory();
        await ShippingHarness.WriteClosedLog(dir.Path, 20);
        await using var server = await ElasticsearchTestServer.StartAsync();
        server.RejectNextRequests(3); // the template PUT and the first bulk attempts
        var log = new ShipperLog();
        await using var shipper = new AuditShipper(ShippingHarness.Options(dir.Path, ShippingHarness.Elasticsearch(server.Url), log));
        shipper.Start();
        await ShippingHarness.WaitShipped(shipper, dir.Path, log);
        Assert.True(shipper.Metrics.FailedRequests == 3, log.ToString());
        Assert.True(log.Entries.Count(e => e.Level != ShipperLogLevel.Information && e.Message.Contains("HTTP 429", StringComparison.Ordinal)) == 3, log.ToString());
        Assert.True(log.Contains("retry in"), log.ToString());

        server.FailNextRequests(2); // before writing: the shipper picks new lines up within a poll interval
        await ShippingHarness.WriteClosedLog(dir.Path, 5); // reopen, append, close
        await ShippingHarness.WaitShipped(shipper, dir.Path, log);
        Assert.True(shipper.Metrics.FailedRequests == 5, log.ToString());
        Assert.Equal(ShippingHarness.ExpectedIds(dir.Path).Count, server.Count(ShippingHarness.Index));
    }

    [Fact]
    public async Task A_poison_record_is_logged_counted_and_skipped_without_blocking_the_rest()
    {
        using var dir = new TempDirectory();
        await ShippingHarness.WriteClosedLog(dir.Path, 30);
        var ids = ShippingHarness.ExpectedIds(dir.Path);
        await using var server = await ElasticsearchTestServer.StartAsync();
        server.FailItem(ids[5], 400, times: int.MaxValue);
        var log = new ShipperLog();
        await using var shipper = new AuditShipper(ShippingHarness.Options(dir.Path, ShippingHarness.Elasticsearch(server.Url), log));
        shipper.Start();
        await ShippingHarness.WaitShipped(shipper, dir.Path, log);

        Assert.Equal(1, shipper.Metrics.Poison);
        Assert.Equal(ids.Count - 1, server.Count(ShippingHarness.Index));
        Assert.DoesNotContain(ids[5], server.Documents(ShippingHarness.Index).Keys);
        Assert.Equal(1, server.CreateAttempts.Count(id => id == ids[5])); // not retried
        Assert.Contains(log.Entries, e => e.Level == ShipperLogLevel.Error && e.Message.Contains(ids[5], StringComparison.Ordinal) && e.Message.Contains("mapper_parsing_exception", StringComparison.Ordinal));

        // The skipped record cannot go unnoticed: the index verifier reports it as a gap.
        var verified = await IndexVerifier.VerifyAsync(ShippingHarness.Elasticsearch(server.Url), TestKeys.Material);
        Assert.Equal(VerifyFailure.Gap, verified.Failure);
        Assert.Equal(long.Parse(ids[5].Split(':')[1], System.Globalization.CultureInfo.InvariantCulture), verified.FirstBadSeq);
    }

    [Fact]
    public async Task Authentication_failures_are_retried_not_dropped()
    {
        using var dir = new TempDirectory();
        await ShippingHarness.WriteClosedLog(dir.Path, 10);
        await using var server = await ElasticsearchTestServer.StartAsync(requiredAuthorization: "ApiKey right");
        var log = new ShipperLog();
        var options = ShippingHarness.Options(dir.Path, ShippingHarness.Elasticsearch(server.Url) with { ApiKey = "wrong" }, log);
        await using (var shipper = new AuditShipper(options))
        {
            shipper.Start();
            await ShippingHarness.WaitUntil(() => shipper.Metrics.FailedRequests >= 3, TimeSpan.FromSeconds(10), () => log.ToString());
            Assert.Equal(0, server.Count(ShippingHarness.Index));
            Assert.True(log.Contains("HTTP 401"), log.ToString());
        }

        await using var fixedShipper = new AuditShipper(options with { Elasticsearch = options.Elasticsearch with { ApiKey = "right" } });
        fixedShipper.Start();
        await ShippingHarness.WaitShipped(fixedShipper, dir.Path, log);
        Assert.Equal(ShippingHarness.ExpectedIds(dir.Path).Count, server.Count(ShippingHarness.Index));
    }
}
