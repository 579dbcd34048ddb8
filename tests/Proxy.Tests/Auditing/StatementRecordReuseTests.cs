using System.Text.Json;
using MaskingProxy.AuditLog.Records;
using MaskingProxy.Proxy.Auditing;
using MaskingProxy.Proxy.Interception;
using Xunit;

namespace MaskingProxy.Proxy.Tests.Auditing;

/// <summary>A text recorded again (a prepared statement at every execution) reuses its records: only time and sequence number differ.</summary>
public sealed class StatementRecordReuseTests
{
    [Fact]
    public async Task Statement_SameTextUnderEqualDecisions_SameEventEveryTime()
    {
        var normalize = AuditSetup.DefaultNormalizer();
        var normalized = 0;
        await using var log = AuditTestLog.Open(normalizer: (sql, start, length) =>
        {
            normalized++;
            return normalize(sql, start, length);
        });
        var text = string.Concat("SELECT id_card FROM patients WHERE name = 'secret-value'; ", "SELECT 1");
        var decision = AuditSamples.Decided(text, StatementVerdict.Rewrite, masked: true, ("SELECT", "SELECT id_card FROM patients WHERE name = 'secret-value'"), ("SELECT", "SELECT 1"));
        var facts = AuditSamples.Facts();

        await log.Sink.Statement(facts, text, decision).Durable;
        await log.Sink.Statement(facts, text, decision).Durable;
        // Parsed again before its execution: a new decision, equal to the last.
        await log.Sink.Statement(facts, text, decision with { }).Durable;
        var entries = (await log.CloseAndReadAsync()).Where(e => e.Record is StatementRecord).ToList();

        Assert.Equal(2, normalized); // once per statement of the text
        Assert.Equal(6, entries.Count);
        Assert.Equal(entries.Count, entries.Select(e => e.Seq).Distinct().Count());
        Assert.All(entries.Where((_, i) => i % 2 == 0), e => Assert.Equal(Event(entries[0]), Event(e)));
        Assert.All(entries.Where((_, i) => i % 2 == 1), e => Assert.Equal(Event(entries[1]), Event(e)));
        Assert.NotEqual(Event(entries[0]), Event(entries[1]));
    }

    [Fact]
    public async Task Statement_SameTextUnderAnotherDecisionOrSession_RecordsFollowThem()
    {
        await using var log = AuditTestLog.Open();
        var text = string.Concat("UPDATE patients SET phone = '555' ", "WHERE id = 1");
        var decision = AuditSamples.Decided(text, StatementVerdict.Forward, masked: false, ("UPDATE", text));
        var refused = decision with { Verdict = StatementVerdict.Deny, Reason = "the audit log cannot be written", DenySqlState = "58030" };

        await log.Sink.Statement(AuditSamples.Facts(), text, decision).Durable;
        await log.Sink.Statement(AuditSamples.Facts(), text, refused).Durable;
        await log.Sink.Statement(AuditSamples.Facts(sessionId: 7), text, decision).Durable;
        var records = (await log.CloseAndReadAsync()).Select(e => e.Record).OfType<StatementRecord>().ToList();

        Assert.Equal(3, records.Count);
        Assert.Equal((Verdict.Allow, null, "42"), (records[0].Verdict, records[0].Outcome, records[0].Subject.SessionId));
        Assert.Equal((Verdict.Deny, "the audit log cannot be written", "58030"), (records[1].Verdict, records[1].Reason, records[1].Outcome?.SqlState));
        Assert.Equal((Verdict.Allow, "7"), (records[2].Verdict, records[2].Subject.SessionId));
        Assert.All(records, r => Assert.Equal(StatementRecord.HashOriginal(text), r.StatementSm3));
    }

    private static string Event(AuditEntry entry)
    {
        using var line = JsonDocument.Parse(entry.Line);
        return line.RootElement.GetProperty("event").GetRawText();
    }
}
