using MaskingProxy.AuditLog.Shipping;
using MaskingProxy.AuditLog.Tests.Support;
using MaskingProxy.AuditLog.Verify;

namespace MaskingProxy.AuditLog.Tests.Shipping;

/// <summary>
/// Writer → shipper → Elasticsearch → index verifier, once against the test server and once against
/// a real cluster (when ELASTICSEARCH_URL is set).
/// </summary>
public sealed class EndToEndTests
{
    [Fact]
    public async Task Against_the_test_server()
    {
        await using var server = await ElasticsearchTestServer.StartAsync();
        await Scenario(ShippingHarness.Elasticsearch(server.Url));
    }

    [ElasticsearchFact]
    public async Task Against_a_real_elasticsearch()
    {
        var es = new ElasticsearchOptions
        {
            Url = new Uri(Environment.GetEnvironmentVariable(ElasticsearchFactAttribute.UrlVariable)!),
            Index = "maskingproxy-audit-test-" + Guid.NewGuid().ToString("N")[..12],
            ApiKey = Environment.GetEnvironmentVariable("ELASTICSEARCH_API_KEY"),
            Username = Environment.GetEnvironmentVariable("ELASTICSEARCH_USER"),
            Password = Environment.GetEnvironmentVariable("ELASTICSEARCH_PASSWORD"),
            CaFile = Environment.GetEnvironmentVariable("ELASTICSEARCH_CA_FILE"),
        };
        try
        {
            await Scenario(es);
        }
        finally
        {
            using var admin = new ElasticsearchAdmin(es);
            await admin.DeleteAsync(es.Index);
            await admin.DeleteAsync("_index_template/" + es.Index);
        }
    }

    private static async Task Scenario(ElasticsearchOptions es)
    {
        using var dir = new TempDirectory();
        await ShippingHarness.WriteClosedLog(dir.Path, 400, segmentMaxBytes: 32 * 1024);
        var expected = ShippingHarness.ExpectedIds(dir.Path).Count;
        var log = new ShipperLog();
        var options = ShippingHarness.Options(dir.Path, es, log);
        await using (var shipper = new AuditShipper(options))
        {
            shipper.Start();
            await ShippingHarness.WaitShipped(shipper, dir.Path, log, timeoutSeconds: 60);
            Assert.Equal(expected, shipper.Metrics.Shipped);
            Assert.Equal(0, shipper.Metrics.Poison);
        }

        using var admin = new ElasticsearchAdmin(es);
        await admin.RefreshAsync();
        Assert.Equal(expected, await admin.CountAsync());

        // A restarted shipper finds nothing to send: no duplicates.
        await using (var restarted = new AuditShipper(options))
        {
            Assert.False(await restarted.ShipOnceAsync(CancellationToken.None));
            Assert.Equal(0, restarted.Metrics.Shipped);
        }

        await admin.RefreshAsync();
        Assert.Equal(expected, await admin.CountAsync());

        var result = await IndexVerifier.VerifyAsync(es, TestKeys.Material, new VerifyOptions { WriterRunning = false }, pageSize: 97, CancellationToken.None);
        Assert.True(result.Outcome == VerifyOutcome.Intact, result.Message);
        Assert.Equal(expected, result.RecordsChecked);
        Assert.Equal(1, result.Chains);
        Assert.True(result.Segments > 1);
        Assert.True(result.CheckpointsChecked >= result.Segments);
        Assert.Equal(TailState.Closed, result.Tail);
        Assert.Equal(AuditVerifier.Verify(dir.Path, TestKeys.Material).RecordsChecked, result.RecordsChecked);
    }
}
