using System.Text;
using System.Text.Json;
using MaskingProxy.AuditLog.Records;
using MaskingProxy.AuditLog.Tests.Support;

namespace MaskingProxy.AuditLog.Tests.Records;

public class CanonicalFormTests
{
    private const string Chain = "0f1e2d3c4b5a69788796a5b4c3d2e1f0";

    public static TheoryData<string> RecordTypes()
    {
        var data = new TheoryData<string>();
        var i = 0;
        foreach (var r in Samples.All())
        {
            data.Add(i++ + ":" + r.Type);
        }

        return data;
    }

    private static AuditRecord Sample(string key) => Samples.All().ElementAt(int.Parse(key.Split(':')[0]));

    [Theory]
    [MemberData(nameof(RecordTypes))]
    public void Canonical_bytes_are_RFC8785(string key)
    {
        var canonical = RecordSerializer.Canonical(Sample(key), Chain, 42, Samples.Time);
        Assert.Equal(Encoding.UTF8.GetString(Jcs.Canonicalize(canonical)), Encoding.UTF8.GetString(canonical));
    }

    [Theory]
    [MemberData(nameof(RecordTypes))]
    public void Parse_then_serialize_gives_the_same_bytes(string key)
    {
        var record = Sample(key);
        var canonical = RecordSerializer.Canonical(record, Chain, 42, Samples.Time);
        var line = Encoding.UTF8.GetString(canonical)[..^1] + ",\"hash\":\"" + new string('0', 64) + "\",\"mac\":\"" + new string('0', 64) + "\"}";
        var entry = AuditRecordParser.Parse(line);
        Assert.Equal(record.Type, entry.Type);
        Assert.Equal(42, entry.Seq);
        Assert.Equal(Chain, entry.ChainId);
        Assert.Equal(canonical, RecordSerializer.Canonical(entry.Record, Chain, 42, entry.Timestamp));
    }

    [Fact]
    public void WriteBody_StatementRecordAppendedAgain_SameBytesAsAFreshRecord()
    {
        // From its second append on, a statement record's event is copied, not serialized again: the
        // copy must hold exactly the event, with no neighbouring bytes and nothing of one append's time.
        // Each fresh instance below is serialized once, so it never takes the copy.
        var record = Samples.Statement();
        using var body = new ByteBuffer();
        for (var append = 0; append < 4; append++)
        {
            var seq = 7L + append;
            var time = Samples.Time.AddSeconds(append);
            Assert.Equal(RecordSerializer.Canonical(Samples.Statement(), Chain, seq, time), RecordSerializer.Canonical(record, Chain, seq, time));

            body.Clear();
            body.Write("prefix"u8);
            var split = RecordSerializer.WriteBody(record, time, body);
            using var freshBody = new ByteBuffer();
            var freshSplit = RecordSerializer.WriteBody(Samples.Statement(), time, freshBody);
            Assert.Equal(freshSplit, split);
            Assert.Equal(freshBody.Span.ToArray(), body.Span[6..].ToArray());
        }

        // The same members with an outcome make a record of its own, with its own bytes.
        var withOutcome = record.WithOutcome(new StatementOutcome { Status = OutcomeStatus.Success, Rows = 1 });
        Assert.Contains("\"outcome\":", Encoding.UTF8.GetString(RecordSerializer.Canonical(withOutcome, Chain, 20, Samples.Time)));
        Assert.DoesNotContain("\"outcome\":", Encoding.UTF8.GetString(RecordSerializer.Canonical(record, Chain, 20, Samples.Time)));
    }

    public static TheoryData<string> StatementShapes() => ["masked", "denied", "bare", "no-objects", "capped-objects"];

    private static StatementRecord Shape(string name) => name switch
    {
        "masked" => Samples.Statement(),
        "denied" => Samples.Statement(verdict: Verdict.Deny), // already has an outcome
        "bare" => new StatementRecord
        {
            Subject = new Subject { Login = "bob" },
            Action = "UPDATE",
            Statement = "UPDATE t SET a = $1",
            StatementSm3 = new string('0', 64),
            Verdict = Verdict.Allow,
        },
        "no-objects" => new StatementRecord
        {
            Subject = Samples.Subject(),
            Database = Samples.Nasty,
            Action = "SELECT",
            Statement = "SELECT 1",
            StatementSm3 = new string('1', 64),
            Verdict = Verdict.Allow,
            PolicyVersion = new string('b', 64),
        },
        "capped-objects" => Samples.Statement(objects: Enumerable.Range(0, 300).Select(i => "s.t.c" + i).ToArray()),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    [Theory]
    [MemberData(nameof(StatementShapes))]
    public void WriteBody_OutcomeAddedToKeptRecord_SameBytesAsAFreshRecord(string shape)
    {
        // A statement that finished while its record was queued gets a copy with the outcome; when the
        // record's bytes are kept, the copy splices the outcome into them instead of serializing anew.
        var outcome = new StatementOutcome { Status = OutcomeStatus.Error, SqlState = "57014", Rows = 12, DurationMicros = 3456 };
        var record = Shape(shape);
        _ = RecordSerializer.Canonical(record, Chain, 1, Samples.Time);
        _ = RecordSerializer.Canonical(record, Chain, 2, Samples.Time); // kept from here on
        for (var seq = 3L; seq < 6; seq++)
        {
            var spliced = RecordSerializer.Canonical(record.WithOutcome(outcome), Chain, seq, Samples.Time);
            var fresh = RecordSerializer.Canonical(Shape(shape).WithOutcome(outcome), Chain, seq, Samples.Time);
            Assert.Equal(Encoding.UTF8.GetString(fresh), Encoding.UTF8.GetString(spliced));
            Assert.Equal(Encoding.UTF8.GetString(Jcs.Canonicalize(spliced)), Encoding.UTF8.GetString(spliced));
        }
    }

    [Fact]
    public void Envelope_layout_is_fixed()
    {
        var canonical = Encoding.UTF8.GetString(RecordSerializer.Canonical(
            new ProxyStartRecord { Host = "h" }, Chain, 1, new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.FromHours(8)).AddTicks(1234567)));
        Assert.Equal(
            "{\"chain\":\"" + Chain + "\",\"event\":{\"host\":\"h\"},\"seq\":1,\"ts\":\"2025-01-01T19:04:05.123456Z\",\"type\":\"proxy_start\",\"v\":1}",
            canonical);
    }

    [Fact]
    public void Hostile_strings_are_escaped_and_round_trip()
    {
        var canonical = RecordSerializer.Canonical(Samples.Statement(), Chain, 1, Samples.Time);
        Assert.DoesNotContain((byte)'\n', canonical);
        Assert.DoesNotContain((byte)'\r', canonical);
        Assert.True(new UTF8Encoding(false, true).GetString(canonical).Length > 0); // valid UTF-8
        var text = Encoding.UTF8.GetString(canonical);
        Assert.Contains("a\\\"b\\\\c\\nd\\re\\tf\\bg\\fh\\u0001i\\u001fj\u007fk\u2028l\u2029m 张三 😀 </script>", text, StringComparison.Ordinal);

        using var doc = JsonDocument.Parse(canonical);
        Assert.Equal(Samples.Nasty, doc.RootElement.GetProperty("event").GetProperty("subject").GetProperty("application").GetString());
    }

    [Fact]
    public void A_client_string_cannot_forge_members_or_lines()
    {
        const string Forgery = "x\",\"hash\":\"00\",\"mac\":\"00\"}\n{\"chain\":\"evil\",\"seq\":1";
        var record = Samples.Statement() is var s ? new StatementRecord
        {
            Subject = s.Subject with { Login = Forgery, ApplicationName = Forgery },
            Action = s.Action,
            Statement = Forgery,
            StatementSm3 = s.StatementSm3,
            Verdict = s.Verdict,
        } : null!;
        var canonical = RecordSerializer.Canonical(record, Chain, 1, Samples.Time);
        Assert.DoesNotContain((byte)'\n', canonical);
        var entry = AuditRecordParser.Parse(Encoding.UTF8.GetString(canonical)[..^1] + ",\"hash\":\"" + new string('0', 64) + "\",\"mac\":\"" + new string('0', 64) + "\"}");
        var parsed = Assert.IsType<StatementRecord>(entry.Record);
        Assert.Equal(Forgery, parsed.Subject.Login);
        Assert.Equal(Forgery, parsed.Statement);
        Assert.Equal(new string('0', 64), entry.Hash);
    }

    [Fact]
    public void Unpaired_surrogates_become_replacement_characters()
    {
        var record = new ProxyStopRecord { Reason = "a\uD800b\uDC00c" };
        var canonical = RecordSerializer.Canonical(record, Chain, 1, Samples.Time);
        using var doc = JsonDocument.Parse(canonical);
        Assert.Equal("a\uFFFDb\uFFFDc", doc.RootElement.GetProperty("event").GetProperty("reason").GetString());
    }

    [Theory]
    [InlineData("x", 10_000)]
    [InlineData("张", 5_000)]
    [InlineData("😀", 5_000)]
    [InlineData("\n", 5_000)]
    public void Long_values_are_capped_at_a_character_boundary_with_an_ellipsis(string unit, int repeat)
    {
        var login = string.Concat(Enumerable.Repeat(unit, repeat));
        var record = new AuthenticationRecord { Outcome = AuthenticationOutcome.Failure, Subject = new Subject { Login = login } };
        var canonical = RecordSerializer.Canonical(record, Chain, 1, Samples.Time);
        using var doc = JsonDocument.Parse(canonical);
        var stored = doc.RootElement.GetProperty("event").GetProperty("subject").GetProperty("login").GetString()!;
        Assert.True(Encoding.UTF8.GetByteCount(stored) <= FieldCaps.Login);
        Assert.True(Encoding.UTF8.GetByteCount(stored) > FieldCaps.Login - 8);
        Assert.EndsWith("\u2026", stored, StringComparison.Ordinal);
        Assert.StartsWith(stored[..^1], login, StringComparison.Ordinal);
        Assert.Equal(stored, CanonicalJsonWriter.Capped(login, FieldCaps.Login));
    }

    [Fact]
    public void Statement_text_cap_is_16_KiB_and_object_list_is_bounded()
    {
        var record = Samples.Statement() is var s ? new StatementRecord
        {
            Subject = s.Subject,
            Action = "SELECT",
            Statement = new string('q', 100_000),
            StatementSm3 = s.StatementSm3,
            Verdict = Verdict.Allow,
            Objects = Enumerable.Range(0, 300).Select(i => "public.t.c" + i).ToArray(),
        } : null!;
        var canonical = RecordSerializer.Canonical(record, Chain, 1, Samples.Time);
        var parsed = (StatementRecord)AuditRecordParser.Parse(Encoding.UTF8.GetString(canonical)[..^1] + ",\"hash\":\"" + new string('0', 64) + "\",\"mac\":\"" + new string('0', 64) + "\"}").Record;
        Assert.Equal(FieldCaps.Statement, Encoding.UTF8.GetByteCount(parsed.Statement));
        Assert.Equal(FieldCaps.MaxObjects + 1, parsed.Objects.Count);
        Assert.Equal("\u2026+44", parsed.Objects[^1]);
    }

    [Fact]
    public void Timestamps_are_truncated_to_microseconds()
    {
        var canonical = Encoding.UTF8.GetString(RecordSerializer.Canonical(new ProxyStartRecord(), Chain, 1, Samples.Time.AddTicks(19)));
        Assert.Contains("\"ts\":\"2025-11-21T06:17:00.000001Z\"", canonical, StringComparison.Ordinal);
    }

    [Fact]
    public void Integers_beyond_2_pow_53_are_refused()
        => Assert.Throws<ArgumentOutOfRangeException>(() => RecordSerializer.Canonical(new ProxyStartRecord { ProcessId = 1L << 53 }, Chain, 1, Samples.Time));
}
