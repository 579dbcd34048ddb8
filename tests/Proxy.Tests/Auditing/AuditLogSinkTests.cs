using MaskingProxy.AuditLog.Log;
using MaskingProxy.AuditLog.Records;
using MaskingProxy.AuditLog.Verify;
using MaskingProxy.Proxy.Auditing;
using MaskingProxy.Proxy.Interception;
using MaskingProxy.SqlRewriter.Rewriting;
using Xunit;

namespace MaskingProxy.Proxy.Tests.Auditing;

/// <summary>The sink over a real writer, read back with the library's parser and verifier.</summary>
public sealed class AuditLogSinkTests
{
    [Fact]
    public async Task Statement_SelectWithLiteral_RecordHoldsNormalizedTextAndNoLiteral()
    {
        await using var log = AuditTestLog.Open();
        const string text = "SELECT id_card FROM patients WHERE name = 'secret-value'";
        var facts = AuditSamples.Facts();

        var pending = log.Sink.Statement(facts, text, AuditSamples.Decided(text, StatementVerdict.Rewrite, masked: true, ("SELECT", text)));
        await pending.Durable;
        var entries = await log.CloseAndReadAsync();

        var entry = Assert.Single(entries, e => e.Record is StatementRecord);
        var record = (StatementRecord)entry.Record;
        Assert.DoesNotContain("secret-value", entry.Line, StringComparison.Ordinal);
        Assert.Equal("SELECT id_card FROM patients WHERE name = $1", record.Statement);
        Assert.Equal(StatementRecord.HashOriginal(text), record.StatementSm3);
        Assert.Equal("SELECT", record.Action);
        Assert.Equal(["public.patients.id_card", "public.patients"], record.Objects);
        Assert.Equal(Verdict.Masked, record.Verdict);
        Assert.Equal(["resident-id"], record.RuleIds);
        Assert.Equal(AuditSamples.PolicyVersion, record.PolicyVersion);
        Assert.Null(record.Outcome);
        Assert.Equal("app", record.Database);
        Assert.Equal("postgres", record.Protocol);
        Assert.Equal(new Subject { Login = "alice", ClientAddress = "10.0.0.5", ClientPort = 51234, ApplicationName = "psql", SessionId = "42" }, record.Subject);
        Assert.Equal(entry.Seq, (await Assert.Single(pending.Tickets)).Seq);
    }

    [Fact]
    public async Task Statement_DecidedThroughLiteralTemplate_NormalizesTheTemplateAndHashesTheOriginal()
    {
        await using var log = AuditTestLog.Open();
        const string first = "SELECT id_card FROM patients WHERE name = 'secret-one' AND id > 7";
        const string second = "SELECT id_card FROM patients WHERE name = 'secret-two' AND id > 8";
        const string template = "SELECT id_card FROM patients WHERE name = $1 AND id > $2";
        var facts = AuditSamples.Facts();

        foreach (var text in new[] { first, second })
        {
            var decision = AuditSamples.Decided(text, StatementVerdict.Rewrite, masked: true, ("SELECT", text)) with { TemplateText = template };
            await log.Sink.Statement(facts, text, decision).Durable;
        }
        var entries = await log.CloseAndReadAsync();

        var records = entries.Where(e => e.Record is StatementRecord).ToList();
        Assert.Equal(2, records.Count);
        Assert.All(records, e => Assert.Equal(template, ((StatementRecord)e.Record).Statement));
        Assert.All(records, e => Assert.DoesNotContain("secret", e.Line, StringComparison.Ordinal));
        Assert.Equal(StatementRecord.HashOriginal(first), ((StatementRecord)records[0].Record).StatementSm3);
        Assert.Equal(StatementRecord.HashOriginal(second), ((StatementRecord)records[1].Record).StatementSm3);
    }

    [Fact]
    public async Task Statement_MultiStatementTextWithPerStatementAnalysis_EachRecordCarriesItsOwnObjectsAndRules()
    {
        await using var log = AuditTestLog.Open();
        const string text = "SELECT id_card FROM patients; SELECT 1";
        var decided = AuditSamples.Decided(text, StatementVerdict.Rewrite, masked: true, ("SELECT", "SELECT id_card FROM patients"), ("SELECT", "SELECT 1"));
        var decision = decided with
        {
            Analysis = new RewriteResult
            {
                Verdict = decided.Analysis!.Verdict,
                Statements = decided.Analysis.Statements,
                Objects = decided.Analysis.Objects,
                RuleIds = decided.Analysis.RuleIds,
                StatementObjects = [[new ObjectReference("public", "patients", "id_card")], []],
                StatementRuleIds = [["resident-id"], []],
            },
        };

        await log.Sink.Statement(AuditSamples.Facts(), text, decision).Durable;
        var records = (await log.CloseAndReadAsync()).Select(e => e.Record).OfType<StatementRecord>().ToList();

        Assert.Equal(2, records.Count);
        Assert.Equal(["public.patients.id_card"], records[0].Objects);
        Assert.Equal(["resident-id"], records[0].RuleIds);
        Assert.Empty(records[1].Objects);
        Assert.Empty(records[1].RuleIds);
    }

    [Fact]
    public async Task Statement_MultiStatementText_OneRecordPerStatementWithItsSeq()
    {
        await using var log = AuditTestLog.Open();
        const string update = "UPDATE patients SET phone = '555-0100' WHERE id = 7";
        const string select = "select 'x' || name from patients";
        var text = update + "; " + select + ";";

        var pending = log.Sink.Statement(AuditSamples.Facts(), text, AuditSamples.Decided(text, StatementVerdict.Forward, masked: false, ("UPDATE", update), ("SELECT", select)));
        await pending.Durable;
        var seqs = (await Task.WhenAll(pending.Tickets)).Select(t => t.Seq);
        var records = (await log.CloseAndReadAsync()).Where(e => e.Record is StatementRecord).ToList();

        Assert.Equal(2, records.Count);
        Assert.Equal(records.Select(e => e.Seq), seqs);
        var first = (StatementRecord)records[0].Record;
        var second = (StatementRecord)records[1].Record;
        Assert.Equal(("UPDATE", "UPDATE patients SET phone = $1 WHERE id = $2", StatementRecord.HashOriginal(update)), (first.Action, first.Statement, first.StatementSm3));
        Assert.Equal(("SELECT", "select $1 || name from patients", StatementRecord.HashOriginal(select)), (second.Action, second.Statement, second.StatementSm3));
        Assert.All(records, e => Assert.DoesNotContain("555-0100", e.Line, StringComparison.Ordinal));
        Assert.Equal(Verdict.Allow, first.Verdict);
    }

    [Theory]
    [InlineData("42501")]
    [InlineData("58030")]
    public async Task Statement_Denied_RecordCarriesDenyVerdictReasonAndErrorOutcome(string sqlState)
    {
        await using var log = AuditTestLog.Open();
        const string text = "DELETE FROM patients WHERE id = 1";
        var decision = AuditSamples.Decided(text, StatementVerdict.Deny, masked: false, ("DELETE", text)) with { DenySqlState = sqlState };

        await log.Sink.Statement(AuditSamples.Facts(), text, decision).Durable;
        var record = (StatementRecord)Assert.Single(await log.CloseAndReadAsync(), e => e.Record is StatementRecord).Record;

        Assert.Equal(Verdict.Deny, record.Verdict);
        Assert.Equal("policy denies writing public.patients.id_card", record.Reason);
        Assert.Equal(new StatementOutcome { Status = OutcomeStatus.Error, SqlState = sqlState }, record.Outcome);
    }

    [Fact]
    public async Task Outcome_AfterStatementRecordWritten_RecordReferencesStatementSeq()
    {
        await using var log = AuditTestLog.Open();
        const string text = "UPDATE patients SET phone = '1' WHERE id = 2";
        var facts = AuditSamples.Facts();
        var pending = log.Sink.Statement(facts, text, AuditSamples.Decided(text, StatementVerdict.Forward, masked: false, ("UPDATE", text)));

        await pending.Durable;
        log.Sink.Outcome(facts, pending, 0, new StatementCompletion(true, null, 1, TimeSpan.FromMilliseconds(1.5)));
        await log.WaitForAppendsAsync(2);
        var entries = await log.CloseAndReadAsync();

        var statement = Assert.Single(entries, e => e.Record is StatementRecord);
        Assert.Null(((StatementRecord)statement.Record).Outcome);
        var outcome = Assert.Single(entries, e => e.Record is StatementOutcomeRecord);
        var record = (StatementOutcomeRecord)outcome.Record;
        Assert.Equal(statement.Seq, record.StatementSeq);
        Assert.True(outcome.Seq > statement.Seq);
        Assert.Equal(new StatementOutcome { Status = OutcomeStatus.Success, Rows = 1, DurationMicros = 1500 }, record.Outcome);
        Assert.Equal("alice", record.Subject.Login);
        Assert.Equal(0, log.Sink.OutcomesFolded);
    }

    [Fact]
    public async Task Outcome_WhileStatementRecordQueued_IsWrittenIntoTheStatementRecord()
    {
        // Batch mode gathering for a minute: the writer takes nothing until the flush.
        await using var log = AuditTestLog.Open(options: new AuditLogOptions { Directory = "unused", Durability = DurabilityMode.Batch, BatchGatherInterval = TimeSpan.FromMinutes(1) });
        const string text = "SELECT id_card FROM patients WHERE id = 1; SELECT 2";
        var facts = AuditSamples.Facts();
        var decision = AuditSamples.Decided(text, StatementVerdict.Forward, masked: true, ("SELECT", "SELECT id_card FROM patients WHERE id = 1"), ("SELECT", " SELECT 2"));
        var pending = log.Sink.Statement(facts, text, decision);

        log.Sink.Outcome(facts, pending, 0, new StatementCompletion(true, null, 1, TimeSpan.FromMilliseconds(2)));
        log.Sink.Outcome(facts, pending, 1, new StatementCompletion(false, "22012", null, TimeSpan.FromMilliseconds(3)));
        await log.Writer.FlushAsync();
        await pending.Durable;
        var entries = await log.CloseAndReadAsync();

        Assert.Equal(2, log.Sink.OutcomesFolded);
        Assert.DoesNotContain(entries, e => e.Record is StatementOutcomeRecord);
        var statements = entries.Where(e => e.Record is StatementRecord).Select(e => (StatementRecord)e.Record).ToList();
        Assert.Equal(2, statements.Count);
        Assert.Equal(new StatementOutcome { Status = OutcomeStatus.Success, Rows = 1, DurationMicros = 2000 }, statements[0].Outcome);
        Assert.Equal(new StatementOutcome { Status = OutcomeStatus.Error, SqlState = "22012", DurationMicros = 3000 }, statements[1].Outcome);
        Assert.Equal(Verdict.Masked, statements[0].Verdict);
        Assert.Equal(VerifyOutcome.Intact, log.Verify().Outcome);
    }

    [Fact]
    public async Task Outcome_WhileStatementRecordIsBeingWritten_FollowsItsGroupCommitWithoutFurtherActivity()
    {
        var files = new GatedFlushFileSystem();
        await using var log = AuditTestLog.Open(options: new AuditLogOptions { Directory = "unused", FileSystem = files });
        const string text = "SELECT id_card FROM patients WHERE id = 1";
        var facts = AuditSamples.Facts();
        files.Closed = true;
        var pending = log.Sink.Statement(facts, text, AuditSamples.Decided(text, StatementVerdict.Forward, masked: true, ("SELECT", text)));
        Assert.True(await files.WaitForHeldFlushAsync(), "the writer never reached the fsync");

        // Taken by the writer, not yet durable: too late to fold, too early to name its seq.
        log.Sink.Outcome(facts, pending, 0, new StatementCompletion(true, null, 1, TimeSpan.FromMilliseconds(1)));
        Assert.Equal(1, log.Sink.RecordsAppended);
        files.Closed = false;
        await pending.Durable;

        // Nothing else happens: the group commit itself must release the outcome.
        await log.WaitForAppendsAsync(2);
        var entries = await log.CloseAndReadAsync();
        var statement = Assert.Single(entries, e => e.Record is StatementRecord);
        var outcome = (StatementOutcomeRecord)Assert.Single(entries, e => e.Record is StatementOutcomeRecord).Record;
        Assert.Equal(statement.Seq, outcome.StatementSeq);
        Assert.Equal(0, log.Sink.OutcomesFolded);
    }

    [Theory]
    [InlineData("  /* note */ select 1", "SELECT")]
    [InlineData("-- why\nVACUUM patients", "VACUUM")]
    [InlineData("", "UNKNOWN")]
    public async Task Statement_NoAnalysis_OneRecordNamedByFirstKeyword(string text, string action)
    {
        await using var log = AuditTestLog.Open();

        var pending = log.Sink.Statement(AuditSamples.Facts(), text, StatementDecision.Forward);
        await pending.Durable;
        var record = (StatementRecord)Assert.Single(await log.CloseAndReadAsync(), e => e.Record is StatementRecord).Record;

        _ = Assert.Single(pending.Tickets);
        Assert.Equal(action, record.Action);
        Assert.Equal(Verdict.Allow, record.Verdict);
        Assert.Null(record.PolicyVersion);
    }

    [Fact]
    public async Task Statement_UnparseableText_NoLiteralInRecord()
    {
        await using var log = AuditTestLog.Open();
        const string text = "SELEKT 'secret-value', 4111111111111111 FROM";

        await log.Sink.Statement(AuditSamples.Facts(), text, StatementDecision.Forward).Durable;
        var entry = Assert.Single(await log.CloseAndReadAsync(), e => e.Record is StatementRecord);

        Assert.DoesNotContain("secret-value", entry.Line, StringComparison.Ordinal);
        Assert.DoesNotContain("4111111111111111", entry.Line, StringComparison.Ordinal);
        Assert.Equal("SELEKT", ((StatementRecord)entry.Record).Action);
        Assert.Equal(StatementRecord.HashOriginal(text), ((StatementRecord)entry.Record).StatementSm3);
    }

    [Fact]
    public async Task Statement_NormalizerThrows_StatementTextWithheld()
    {
        await using var log = AuditTestLog.Open(normalizer: (_, _, _) => throw new InvalidOperationException("near 'secret-value'"));

        await log.Sink.Statement(AuditSamples.Facts(), "SELECT 'secret-value'", StatementDecision.Forward).Durable;
        var entry = Assert.Single(await log.CloseAndReadAsync(), e => e.Record is StatementRecord);

        Assert.DoesNotContain("secret-value", entry.Line, StringComparison.Ordinal);
        Assert.Equal("<not normalized: text withheld>", ((StatementRecord)entry.Record).Statement);
    }

    [Fact]
    public async Task ConnectionAuthenticationPolicy_Reported_MatchingRecordsWritten()
    {
        await using var log = AuditTestLog.Open();
        var facts = AuditSamples.Facts();

        log.Sink.Policy(accepted: true, initial: true, "v1", null, "healthcare", "/etc/p.yaml", null);
        log.Sink.Connection(facts, ConnectionEvent.Opened, null, null);
        log.Sink.Authentication(facts, success: false, "scram-sha-256", "28P01", "password authentication failed");
        log.Sink.Connection(facts, ConnectionEvent.Closed, "client terminated", TimeSpan.FromSeconds(2));
        var records = (await log.CloseAndReadAsync()).Select(e => e.Record).ToList();

        var policy = Assert.Single(records.OfType<PolicyRecord>());
        Assert.Equal((PolicyAction.Load, PolicyOutcome.Accepted, "v1", "healthcare"), (policy.Action, policy.Outcome, policy.Version, policy.Name));
        var connections = records.OfType<ConnectionRecord>().ToList();
        Assert.Equal([ConnectionPhase.Open, ConnectionPhase.Close], connections.Select(c => c.Phase));
        Assert.Equal((true, "client terminated", 2_000_000L), (connections[1].Tls, connections[1].Reason, connections[1].DurationMicros));
        var authentication = Assert.Single(records.OfType<AuthenticationRecord>());
        Assert.Equal((AuthenticationOutcome.Failure, "scram-sha-256", "28P01"), (authentication.Outcome, authentication.Method, authentication.SqlState));
        Assert.Equal(4, log.Sink.RecordsAppended);
        Assert.Equal(0, log.Sink.AppendFailures);
    }

    [Fact]
    public async Task Statement_ManyConcurrentSessions_LogVerifiesIntact()
    {
        await using var log = AuditTestLog.Open();
        const string text = "SELECT id_card FROM patients WHERE id = 1";
        var decision = AuditSamples.Decided(text, StatementVerdict.Forward, masked: true, ("SELECT", text));

        await Task.WhenAll(Enumerable.Range(0, 8).Select(session => Task.Run(async () =>
        {
            var facts = AuditSamples.Facts(session);
            for (var i = 0; i < 50; i++)
            {
                var pending = log.Sink.Statement(facts, text, decision);
                log.Sink.Outcome(facts, pending, 0, new StatementCompletion(true, null, 1, TimeSpan.Zero));
                await pending.Durable;
            }
        })));
        await log.WaitForAppendsAsync(800);
        var entries = await log.CloseAndReadAsync();
        var result = log.Verify();

        Assert.Equal(VerifyOutcome.Intact, result.Outcome);
        Assert.True(result.MacsChecked && result.SignaturesChecked);
        // Every statement has exactly one outcome: folded into its record (finished while the record
        // was queued) or in a statement_outcome record naming it.
        var statements = entries.Where(e => e.Record is StatementRecord).ToDictionary(e => e.Seq, e => (StatementRecord)e.Record);
        var outcomes = entries.Select(e => e.Record).OfType<StatementOutcomeRecord>().ToList();
        Assert.Equal(400, statements.Count);
        Assert.Equal(400, statements.Values.Count(s => s.Outcome is not null) + outcomes.Count);
        Assert.All(outcomes, o => Assert.Null(statements[o.StatementSeq].Outcome));
        Assert.Equal(outcomes.Count, outcomes.Select(o => o.StatementSeq).Distinct().Count());
        Assert.Equal(400 - outcomes.Count, log.Sink.OutcomesFolded);
    }
}
