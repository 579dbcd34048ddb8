using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using MaskingProxy.AuditLog.Log;
using MaskingProxy.AuditLog.Records;
using MaskingProxy.AuditLog.Shipping;
using MaskingProxy.AuditLog.Tests.Support;
using MaskingProxy.AuditLog.Verify;

namespace MaskingProxy.AuditLog.Tests.Shipping;

/// <summary>The index verifier: the directory verifier's checks over documents fetched from Elasticsearch.</summary>
public sealed class IndexVerifierTests : IAsyncLifetime
{
    private readonly TempDirectory _dir = new();
    private ElasticsearchTestServer _server = null!;
    private ElasticsearchOptions _es = null!;
    private List<AuditEntry> _entries = null!;

    private static VerifyOptions Closed => new() { WriterRunning = false };

    public async Task InitializeAsync()
    {
        _server = await ElasticsearchTestServer.StartAsync();
        _es = ShippingHarness.Elasticsearch(_server.Url);
        await ShippingHarness.WriteClosedLog(_dir.Path, 60, segmentMaxBytes: 16 * 1024);
        await Ship(_dir.Path);
        _entries = LogFiles.Entries(_dir.Path);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _dir.Dispose();
    }

    [Fact]
    public async Task A_shipped_log_verifies_like_the_directory()
    {
        var index = await Verify(TestKeys.Material, Closed);
        var local = AuditVerifier.Verify(_dir.Path, TestKeys.Material);
        Assert.True(index.Outcome == VerifyOutcome.Intact, index.Message);
        Assert.Equal(local.RecordsChecked, index.RecordsChecked);
        Assert.Equal(local.CheckpointsChecked, index.CheckpointsChecked);
        Assert.Equal(local.Segments, index.Segments);
        Assert.Equal(local.ChainId, index.ChainId);
        Assert.Equal(local.LastSeq, index.LastSeq);
        Assert.Equal(TailState.Closed, index.Tail);
        Assert.True(index.MacsChecked && index.SignaturesChecked);
    }

    [Fact]
    public async Task A_modified_document_is_a_hash_mismatch_at_its_sequence_number()
    {
        var victim = _entries.First(e => e.Type == AuditRecordTypes.Statement && e.Seq > 10);
        var id = Id(victim);
        _server.PutDocument(ShippingHarness.Index, id, _server.Documents(ShippingHarness.Index)[id].Replace("SELECT id_card", "SELECT nothing", StringComparison.Ordinal));

        var result = await Verify(TestKeys.Material, Closed);
        Assert.Equal(VerifyOutcome.Broken, result.Outcome);
        Assert.Equal(VerifyFailure.HashMismatch, result.Failure);
        Assert.Equal(victim.Seq, result.FirstBadSeq);
        Assert.Equal(id, result.Document);
        Assert.Equal(victim.Seq - 1, result.RecordsChecked);
    }

    [Fact]
    public async Task A_modified_and_rehashed_chain_fails_its_mac()
    {
        var lines = LogFiles.Lines(_dir.Path);
        var at = lines.FindIndex(l => l.Contains("\"type\":\"statement\"", StringComparison.Ordinal) && AuditRecordParser.Parse(l).Seq > 20);
        lines[at] = lines[at].Replace("\"login\":\"alice\"", "\"login\":\"mallory\"", StringComparison.Ordinal);
        Tamper.Rehash(lines, at);
        for (var i = at; i < lines.Count; i++)
        {
            var entry = AuditRecordParser.Parse(lines[i]);
            _server.PutDocument(ShippingHarness.Index, Id(entry), Document(lines[i]));
        }

        var result = await Verify(TestKeys.Material, Closed);
        Assert.Equal(VerifyFailure.MacMismatch, result.Failure);
        Assert.Equal(AuditRecordParser.Parse(lines[at]).Seq, result.FirstBadSeq);

        // Without the HMAC key the hash chain holds up to the next checkpoint, whose signature does not.
        var publicOnly = await Verify(TestKeys.PublicOnly, Closed);
        Assert.Equal(VerifyFailure.BadSignature, publicOnly.Failure);
        Assert.False(publicOnly.MacsChecked);
    }

    [Fact]
    public async Task A_deleted_document_is_a_gap()
    {
        var victim = _entries[30];
        _server.DeleteDocument(ShippingHarness.Index, Id(victim));
        var result = await Verify(TestKeys.Material, Closed);
        Assert.Equal(VerifyFailure.Gap, result.Failure);
        Assert.Equal(victim.Seq, result.FirstBadSeq);
        Assert.Contains($"record {victim.Seq} is missing", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Edited_search_fields_are_reported_although_the_record_verifies()
    {
        var victim = _entries.First(e => e.Type == AuditRecordTypes.Statement);
        var id = Id(victim);
        var source = _server.Documents(ShippingHarness.Index)[id];
        _server.PutDocument(ShippingHarness.Index, id, source.Replace("\"verdict\":\"masked\"}", "\"verdict\":\"allow\"}", StringComparison.Ordinal));
        var result = await Verify(TestKeys.Material, Closed);
        Assert.Equal(VerifyFailure.SearchFieldsMismatch, result.Failure);
        Assert.Equal(victim.Seq, result.FirstBadSeq);
    }

    [Fact]
    public async Task A_re_serialized_source_still_verifies()
    {
        // Another client rewrote every document: members in reverse order, non-ASCII and HTML characters escaped, indented.
        var options = new JsonSerializerOptions { WriteIndented = true, Encoder = JavaScriptEncoder.Default };
        foreach (var (id, source) in _server.Documents(ShippingHarness.Index))
        {
            var reordered = Reverse(JsonNode.Parse(source)!);
            _server.PutDocument(ShippingHarness.Index, id, reordered.ToJsonString(options));
        }

        var sample = _server.Documents(ShippingHarness.Index).Values.First(s => s.Contains("\"statement\"", StringComparison.Ordinal));
        Assert.Contains("\\u5F20", sample, StringComparison.Ordinal); // 张, escaped
        var result = await Verify(TestKeys.Material, Closed);
        Assert.True(result.Outcome == VerifyOutcome.Intact, result.Message);
        Assert.Equal(_entries.Count, result.RecordsChecked);
    }

    [Fact]
    public async Task Tail_rules_live_by_default_strict_when_the_writers_have_stopped()
    {
        using var dir = new TempDirectory();
        await using var writer = AuditLogWriter.Open(WriterFactory.Options(dir.Path, durability: DurabilityMode.Batch), TestKeys.Material);
        await WriterFactory.AppendMany(writer, 10);
        var es = ShippingHarness.Elasticsearch(_server.Url, "live-index");
        await Ship(dir.Path, es);

        var live = await IndexVerifier.VerifyAsync(es, TestKeys.Material);
        Assert.True(live.Outcome == VerifyOutcome.Intact, live.Message);
        Assert.Equal(TailState.Live, live.Tail);
        Assert.True(live.UnsignedTailRecords > 0);

        var stopped = await IndexVerifier.VerifyAsync(es, TestKeys.Material, Closed);
        Assert.Equal(VerifyFailure.UnsignedTail, stopped.Failure);
        Assert.Equal(stopped.LastSeq + 1, stopped.FirstBadSeq);
    }

    [Fact]
    public async Task Several_chains_in_one_index_are_checked_independently()
    {
        using var other = new TempDirectory();
        await ShippingHarness.WriteClosedLog(other.Path, 25);
        await Ship(other.Path);
        var result = await Verify(TestKeys.Material, Closed);
        Assert.True(result.Outcome == VerifyOutcome.Intact, result.Message);
        Assert.Equal(2, result.Chains);
        Assert.Equal(_entries.Count + LogFiles.Entries(other.Path).Count, result.RecordsChecked);
    }

    [Fact]
    public async Task A_document_that_is_not_a_record_is_malformed()
    {
        var victim = _entries[12];
        _server.PutDocument(ShippingHarness.Index, Id(victim), $$"""{"chain":"{{victim.ChainId}}","seq":{{victim.Seq}},"note":"hello"}""");
        var result = await Verify(TestKeys.Material, Closed);
        Assert.Equal(VerifyFailure.Malformed, result.Failure);
        Assert.Equal(Id(victim), result.Document);
    }

    [Fact]
    public async Task A_missing_index_or_an_unreachable_cluster_is_unusable()
    {
        var missing = await IndexVerifier.VerifyAsync(_es with { Index = "no-such-index" }, TestKeys.Material);
        Assert.Equal(VerifyOutcome.Unusable, missing.Outcome);
        Assert.Contains("does not exist", missing.Message, StringComparison.Ordinal);

        await _server.TakeDownAsync();
        var down = await IndexVerifier.VerifyAsync(_es, TestKeys.Material);
        Assert.Equal(VerifyOutcome.Unusable, down.Outcome);
    }

    private static string Id(AuditEntry entry) => entry.ChainId + ":" + entry.Seq;

    private static string Document(string line)
    {
        using var buffer = new ByteBuffer();
        ShippedDocument.Write(Encoding.UTF8.GetBytes(line), AuditRecordParser.Parse(line).Record, buffer);
        return Encoding.UTF8.GetString(buffer.Span);
    }

    private static JsonNode Reverse(JsonNode node)
    {
        if (node is JsonObject obj)
        {
            var result = new JsonObject();
            foreach (var (name, value) in obj.Reverse().ToList())
            {
                result[name] = value is null ? null : Reverse(value.DeepClone());
            }

            return result;
        }

        return node is JsonArray array ? new JsonArray([.. array.Select(e => e is null ? null : Reverse(e.DeepClone()))]) : node.DeepClone();
    }

    private Task<VerifyResult> Verify(AuditLog.Crypto.KeyMaterial keys, VerifyOptions options)
        => IndexVerifier.VerifyAsync(_es, keys, options, pageSize: 13, CancellationToken.None);

    private Task Ship(string directory) => Ship(directory, _es);

    private static async Task Ship(string directory, ElasticsearchOptions es)
    {
        var log = new ShipperLog();
        await using var shipper = new AuditShipper(ShippingHarness.Options(directory, es, log));
        while (await shipper.ShipOnceAsync(CancellationToken.None))
        {
        }

        Assert.Equal(LogFiles.Entries(directory)[^1].Seq, shipper.Position!.Seq);
    }
}
