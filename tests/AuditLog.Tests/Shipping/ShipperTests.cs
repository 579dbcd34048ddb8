using System.Text.Json;
using MaskingProxy.AuditLog.Log;
using MaskingProxy.AuditLog.Records;
using MaskingProxy.AuditLog.Shipping;
using MaskingProxy.AuditLog.Tests.Support;
using MaskingProxy.AuditLog.Verify;

namespace MaskingProxy.AuditLog.Tests.Shipping;

public sealed class ShipperTests
{
    [Fact]
    public async Task Ships_every_record_once_with_chain_seq_ids_after_installing_the_template()
    {
        using var dir = new TempDirectory();
        await ShippingHarness.WriteClosedLog(dir.Path, 250);
        await using var server = await ElasticsearchTestServer.StartAsync();
        var log = new ShipperLog();
        await using var shipper = new AuditShipper(ShippingHarness.Options(dir.Path, ShippingHarness.Elasticsearch(server.Url), log));
        shipper.Start();
        await ShippingHarness.WaitShipped(shipper, dir.Path, log);

        var expected = ShippingHarness.ExpectedIds(dir.Path);
        var documents = server.Documents(ShippingHarness.Index);
        Assert.Equal(expected.Count, documents.Count);
        Assert.Equal(expected.Order(StringComparer.Ordinal), documents.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(expected.Count, shipper.Metrics.Shipped);
        Assert.Equal(0, shipper.Metrics.Poison);
        Assert.Equal(expected.Count, server.CreateAttempts.Count);

        // The template was in place before the first document created the index.
        var index = server.Index(ShippingHarness.Index)!;
        Assert.NotNull(index.Template);
        using var template = JsonDocument.Parse(server.Template(ShippingHarness.Index)!);
        var properties = template.RootElement.GetProperty("template").GetProperty("mappings").GetProperty("properties");
        Assert.Equal("keyword", properties.GetProperty("chain").GetProperty("type").GetString());
        Assert.Equal("long", properties.GetProperty("seq").GetProperty("type").GetString());
        Assert.Equal("date_nanos", properties.GetProperty("ts").GetProperty("type").GetString());
        Assert.False(properties.GetProperty("hash").GetProperty("index").GetBoolean());
        var search = properties.GetProperty("search").GetProperty("properties");
        Assert.Equal("text", search.GetProperty("statement").GetProperty("type").GetString());
        foreach (var keyword in new[] { "login", "application", "client", "objects", "action", "verdict", "rules", "sqlstate" })
        {
            Assert.Equal("keyword", search.GetProperty(keyword).GetProperty("type").GetString());
        }

        Assert.Equal("long", search.GetProperty("rows").GetProperty("type").GetString());
        Assert.Equal("long", search.GetProperty("duration_us").GetProperty("type").GetString());
    }

    [Fact]
    public async Task A_document_is_the_stored_line_plus_its_search_fields()
    {
        using var dir = new TempDirectory();
        var lines = await ShippingHarness.WriteClosedLog(dir.Path, 3);
        await using var server = await ElasticsearchTestServer.StartAsync();
        var log = new ShipperLog();
        await using var shipper = new AuditShipper(ShippingHarness.Options(dir.Path, ShippingHarness.Elasticsearch(server.Url), log));
        shipper.Start();
        await ShippingHarness.WaitShipped(shipper, dir.Path, log);

        var statementLine = lines.First(l => l.Contains("\"type\":\"statement\"", StringComparison.Ordinal));
        var entry = AuditRecordParser.Parse(statementLine);
        var source = server.Documents(ShippingHarness.Index)[entry.ChainId + ":" + entry.Seq];
        Assert.StartsWith(statementLine[..^1] + ",\"search\":{", source, StringComparison.Ordinal);
        using var doc = JsonDocument.Parse(source);
        var search = doc.RootElement.GetProperty("search");
        Assert.Equal("alice", search.GetProperty("login").GetString());
        Assert.Equal(Samples.Nasty, search.GetProperty("application").GetString());
        Assert.Equal("10.0.0.5", search.GetProperty("client").GetString());
        Assert.Equal("SELECT", search.GetProperty("action").GetString());
        Assert.Equal("masked", search.GetProperty("verdict").GetString());
        Assert.Equal(["resident-id", "person-name"], search.GetProperty("rules").EnumerateArray().Select(e => e.GetString()));
        Assert.Contains("public.patients.id_card", search.GetProperty("objects").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task Follows_a_live_writer_across_segment_rotations_and_reports_lag()
    {
        using var dir = new TempDirectory();
        await using var server = await ElasticsearchTestServer.StartAsync();
        var log = new ShipperLog();
        var options = WriterFactory.Options(dir.Path, durability: DurabilityMode.Batch) with { SegmentMaxBytes = 16 * 1024 };
        await using var writer = AuditLogWriter.Open(options, TestKeys.Material);
        await using var shipper = new AuditShipper(ShippingHarness.Options(dir.Path, ShippingHarness.Elasticsearch(server.Url), log));
        shipper.Start();
        for (var round = 0; round < 20; round++)
        {
            await WriterFactory.AppendMany(writer, 25);
            await Task.Delay(10);
        }

        await writer.CloseAsync();
        Assert.True(SegmentNames.List(dir.Path).Count > 3, "the test needs several segments");
        await ShippingHarness.WaitShipped(shipper, dir.Path, log);

        var expected = ShippingHarness.ExpectedIds(dir.Path);
        Assert.Equal(expected.Order(StringComparer.Ordinal), server.Documents(ShippingHarness.Index).Keys.Order(StringComparer.Ordinal));
        await ShippingHarness.WaitUntil(() => shipper.Metrics.LagRecords == 0 && shipper.Metrics.LagSeconds == 0, TimeSpan.FromSeconds(5), () => $"lag {shipper.Metrics.LagRecords}");
        Assert.Equal(expected.Count, shipper.Metrics.LastShippedSeq);
    }

    [Fact]
    public async Task Lag_counts_records_and_age_while_elasticsearch_is_down()
    {
        using var dir = new TempDirectory();
        await ShippingHarness.WriteClosedLog(dir.Path, 50);
        await using var server = await ElasticsearchTestServer.StartAsync();
        var log = new ShipperLog();
        await using var shipper = new AuditShipper(ShippingHarness.Options(dir.Path, ShippingHarness.Elasticsearch(server.Url), log) with { InstallTemplate = false });
        await server.TakeDownAsync();
        shipper.Start();
        var total = ShippingHarness.ExpectedIds(dir.Path).Count;
        await ShippingHarness.WaitUntil(
            () => shipper.Metrics.LagRecords == total && shipper.Metrics.LagSeconds > 0 && shipper.Metrics.FailedRequests > 1,
            TimeSpan.FromSeconds(10),
            () => $"lag {shipper.Metrics.LagRecords}/{shipper.Metrics.LagSeconds}");
        Assert.Equal(0, shipper.Metrics.Shipped);

        await server.BringBackAsync();
        await ShippingHarness.WaitShipped(shipper, dir.Path, log);
        Assert.Equal(0, shipper.Metrics.LagRecords);
    }

    [Fact]
    public async Task The_position_file_is_replaced_atomically_and_names_the_last_record()
    {
        using var dir = new TempDirectory();
        await ShippingHarness.WriteClosedLog(dir.Path, 30);
        await using var server = await ElasticsearchTestServer.StartAsync();
        var log = new ShipperLog();
        var options = ShippingHarness.Options(dir.Path, ShippingHarness.Elasticsearch(server.Url), log);
        await using var shipper = new AuditShipper(options);
        shipper.Start();
        await ShippingHarness.WaitShipped(shipper, dir.Path, log);

        var path = dir.Combine("elasticsearch-" + ShippingHarness.Index + ".position");
        Assert.True(File.Exists(path));
        Assert.False(File.Exists(path + ".tmp"));
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        var last = LogFiles.Entries(dir.Path)[^1];
        Assert.Equal(last.Seq, doc.RootElement.GetProperty("seq").GetInt64());
        Assert.Equal(last.ChainId, doc.RootElement.GetProperty("chain").GetString());
        Assert.Equal(SegmentNames.Format(1), doc.RootElement.GetProperty("segment").GetString());
        Assert.Equal(new FileInfo(LogFiles.LastSegment(dir.Path)).Length, doc.RootElement.GetProperty("offset").GetInt64());

        // The verifier ignores the position file.
        Assert.Equal(VerifyOutcome.Intact, AuditVerifier.Verify(dir.Path, TestKeys.Material).Outcome);
    }
}
