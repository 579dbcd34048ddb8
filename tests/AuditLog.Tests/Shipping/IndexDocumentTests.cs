using System.Text;
using System.Text.Json;
using MaskingProxy.AuditLog.Crypto;
using MaskingProxy.AuditLog.Records;
using MaskingProxy.AuditLog.Shipping;
using MaskingProxy.AuditLog.Tests.Support;
using MaskingProxy.AuditLog.Verify;

namespace MaskingProxy.AuditLog.Tests.Shipping;

/// <summary>Stored line → shipped document → rebuilt line is the identity, for every record type.</summary>
public sealed class IndexDocumentTests
{
    [Fact]
    public void Every_record_type_round_trips_through_a_document()
    {
        using var sealer = new ChainSealer("test-chain", 1, new byte[32], TestKeys.Hmac, new Sm2Signer(TestKeys.Signing));
        using var sealedLine = new ByteBuffer();
        var lines = new List<string>();
        foreach (var record in Samples.All())
        {
            sealedLine.Clear();
            sealer.Seal(record, Samples.Time, sealedLine);
            lines.Add(Encoding.UTF8.GetString(sealedLine.Span[..^1]));
        }

        sealedLine.Clear();
        sealer.SealCheckpoint(CheckpointReason.Manual, Samples.Time, sealedLine);
        lines.Add(Encoding.UTF8.GetString(sealedLine.Span[..^1]));
        using var line = new ByteBuffer();
        using var search = new ByteBuffer();
        using var projection = new ByteBuffer();
        foreach (var text in lines)
        {
            var bytes = Encoding.UTF8.GetBytes(text);
            var record = AuditRecordParser.Parse(bytes).Record;
            using var document = new ByteBuffer();
            ShippedDocument.Write(bytes, record, document);
            using var parsed = JsonDocument.Parse(document.Memory);
            Assert.Null(IndexDocument.Rebuild(parsed.RootElement, line, search));
            Assert.Equal(text, Encoding.UTF8.GetString(line.Span));
            projection.Clear();
            SearchProjection.Write(record, projection);
            Assert.Equal(Encoding.UTF8.GetString(projection.Span), Encoding.UTF8.GetString(search.Span));
        }
    }

    [Fact]
    public void The_projection_flattens_the_searchable_fields()
    {
        using var buffer = new ByteBuffer();
        SearchProjection.Write(Samples.All().OfType<StatementOutcomeRecord>().Single(), buffer);
        using var doc = JsonDocument.Parse(buffer.Memory);
        var root = doc.RootElement;
        Assert.Equal(
            ["application", "client", "duration_us", "login", "port", "rows", "session", "sqlstate", "statement_seq", "status"],
            root.EnumerateObject().Select(p => p.Name));
        Assert.Equal(Samples.Nasty, root.GetProperty("application").GetString());
        Assert.Equal(1500, root.GetProperty("duration_us").GetInt64());
        Assert.Equal(3, root.GetProperty("rows").GetInt64());
        Assert.Equal(7, root.GetProperty("statement_seq").GetInt64());
        Assert.Equal("00000", root.GetProperty("sqlstate").GetString());
        Assert.Equal("success", root.GetProperty("status").GetString());
    }

    [Theory]
    [InlineData("""{"chain":"c","seq":1.5,"hash":"00","mac":"00"}""", "cannot occur")]
    [InlineData("""{"chain":"c","seq":-1,"hash":"00","mac":"00"}""", "cannot occur")]
    [InlineData("""{"chain":null,"hash":"00","mac":"00"}""", "cannot occur")]
    [InlineData("""{"chain":"c","hash":"0A","mac":"00"}""", "lowercase hex")]
    [InlineData("""{"chain":"c"}""", "no hash")]
    [InlineData("""[1]""", "not a JSON object")]
    public void Rejects_what_a_record_cannot_hold(string source, string reason)
    {
        using var doc = JsonDocument.Parse(source);
        using var line = new ByteBuffer();
        using var search = new ByteBuffer();
        Assert.Contains(reason, IndexDocument.Rebuild(doc.RootElement, line, search), StringComparison.Ordinal);
    }
}
