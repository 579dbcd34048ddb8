using System.Text;
using MaskingProxy.AuditLog.Records;
using MaskingProxy.Proxy.Tests.Infrastructure;
using MaskingProxy.Proxy.Tests.Masking;
using Xunit;

namespace MaskingProxy.Proxy.Tests.AuditTrail;

/// <summary>
/// What the audit trail holds after real sessions ran through the proxy (SPEC §6): one record per
/// statement with its action, objects, verdict and outcome, the session's connection and
/// authentication records, no literal anywhere, and a log the command-line verifier accepts.
/// The workload runs once (<see cref="AuditedWorkload"/>); each test checks one aspect of it.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class StatementRecordsThroughProxyTests(PostgresServer postgres)
{
    [Fact]
    public async Task Select_MaskedColumn_VerdictMaskedWithRuleObjectsAndRowCount()
    {
        var workload = await AuditedWorkload.GetAsync(postgres);

        var (_, record, outcome) = workload.Trail.Single(AuditedWorkload.SelectMasked);

        Assert.Equal("SELECT", record.Action);
        Assert.Equal(Verdict.Masked, record.Verdict);
        Assert.Contains("ssn", record.RuleIds);
        Assert.Contains("public.people.ssn", record.Objects);
        Assert.Contains("public.people.name", record.Objects);
        Assert.Equal(workload.Database, record.Database);
        Assert.Equal("postgres", record.Protocol);
        Assert.False(string.IsNullOrEmpty(record.PolicyVersion));
        Assert.Equal(MaskingEnvironment.MaskedUser, record.Subject.Login);
        Assert.Equal(AuditedWorkload.Application, record.Subject.ApplicationName);
        Assert.Equal(new StatementOutcome { Status = OutcomeStatus.Success, Rows = 2, DurationMicros = outcome?.DurationMicros }, outcome);
    }

    [Fact]
    public async Task Statement_DeniedByPolicy_VerdictDenyWithReasonAndOutcome42501()
    {
        var workload = await AuditedWorkload.GetAsync(postgres);

        var (_, record, outcome) = workload.Trail.Single(AuditedWorkload.Denied);

        Assert.Equal("42501", workload.SqlStateOfDenied);
        Assert.Equal(Verdict.Deny, record.Verdict);
        Assert.False(string.IsNullOrWhiteSpace(record.Reason));
        Assert.Contains("public.people.phone", record.Objects);
        // A denial's outcome is known when it is recorded, so it is in the statement record itself.
        Assert.NotNull(record.Outcome);
        Assert.Equal(OutcomeStatus.Error, outcome!.Status);
        Assert.Equal("42501", outcome.SqlState);
    }

    [Theory]
    [InlineData(AuditedWorkload.Insert, "INSERT")]
    [InlineData(AuditedWorkload.Update, "UPDATE")]
    [InlineData(AuditedWorkload.Delete, "DELETE")]
    public async Task Write_OneRowChanged_ActionAndRowsFromCommandComplete(string sql, string action)
    {
        var workload = await AuditedWorkload.GetAsync(postgres);

        var (entry, record, outcome) = workload.Trail.Single(sql);

        Assert.Equal(action, record.Action);
        Assert.Equal(Verdict.Allow, record.Verdict);
        Assert.Contains(record.Objects, o => o.StartsWith("public.people.", StringComparison.Ordinal));
        // Written before the statement ran, so the outcome is a separate record naming it.
        Assert.Null(record.Outcome);
        Assert.Equal(entry.Seq, workload.Trail.OutcomeOf(entry.Seq)!.StatementSeq);
        Assert.Equal(OutcomeStatus.Success, outcome!.Status);
        Assert.Equal(1, outcome.Rows);
        Assert.NotNull(outcome.DurationMicros);
    }

    [Fact]
    public async Task SimpleQuery_ThreeStatementsInOneMessage_OneRecordAndOutcomeEach()
    {
        var workload = await AuditedWorkload.GetAsync(postgres);

        var records = AuditedWorkload.MultiParts.Select(workload.Trail.Single).ToList();

        Assert.Equal(["SELECT", "UPDATE", "SELECT"], records.Select(r => r.Record.Action));
        Assert.True(records[0].Entry.Seq < records[1].Entry.Seq && records[1].Entry.Seq < records[2].Entry.Seq);
        Assert.All(records, r => Assert.Equal(MaskingEnvironment.ExemptUser, r.Record.Subject.Login));
        Assert.All(records, r => Assert.Equal(OutcomeStatus.Success, r.Outcome?.Status));
        Assert.Equal(1, records[1].Outcome!.Rows);
        // One session id for all three: they came from one Query message.
        Assert.Single(records.Select(r => r.Record.Subject.SessionId).Distinct());
    }

    [Fact]
    public async Task Prepared_ExecutedThreeTimes_ThreeRecordsEachWithItsOutcome()
    {
        var workload = await AuditedWorkload.GetAsync(postgres);

        var executions = workload.Trail.StatementsFor(AuditedWorkload.Prepared);

        Assert.Equal(3, executions.Count);
        Assert.Equal([1L, 1L, 1L], workload.PreparedRows);
        Assert.Equal(3, executions.Select(e => e.Entry.Seq).Distinct().Count());
        Assert.All(executions, e =>
        {
            Assert.Equal(Verdict.Masked, e.Record.Verdict);
            Assert.Contains("ssn", e.Record.RuleIds);
            var outcome = workload.Trail.OutcomeFor(e.Entry, e.Record);
            Assert.NotNull(outcome);
            Assert.Equal(OutcomeStatus.Success, outcome.Status);
            Assert.Equal(1, outcome.Rows);
        });
    }

    [Fact]
    public async Task Statement_FailsInDatabase_OutcomeErrorWithSqlState()
    {
        var workload = await AuditedWorkload.GetAsync(postgres);

        var (_, record, outcome) = workload.Trail.Single(AuditedWorkload.Duplicate);

        Assert.Equal("23505", workload.SqlStateOfDuplicate);
        Assert.Equal("INSERT", record.Action);
        Assert.Equal(Verdict.Allow, record.Verdict);
        Assert.Equal(OutcomeStatus.Error, outcome!.Status);
        Assert.Equal("23505", outcome.SqlState);
    }

    [Fact]
    public async Task Session_OpenedAndClosed_ConnectionAndAuthenticationRecords()
    {
        var workload = await AuditedWorkload.GetAsync(postgres);

        var connections = workload.Trail.Records<ConnectionRecord>().Where(c => c.Subject.ApplicationName == AuditedWorkload.Application).ToList();
        var authentications = workload.Trail.Records<AuthenticationRecord>().Where(a => a.Subject.ApplicationName == AuditedWorkload.Application).ToList();
        var sessions = connections.GroupBy(c => c.Subject.SessionId).ToList();

        // The masked login, the exempt raw-protocol client and the refused password (Npgsql may
        // try that one more than once): each session opened, then closed, and authenticated once.
        Assert.True(sessions.Count >= 3, $"{sessions.Count} sessions");
        Assert.All(sessions, s => Assert.Equal([ConnectionPhase.Open, ConnectionPhase.Close], s.Select(c => c.Phase)));
        Assert.All(connections, c =>
        {
            Assert.Equal("127.0.0.1", c.Subject.ClientAddress);
            Assert.True(c.Subject.ClientPort > 0);
            Assert.False(string.IsNullOrEmpty(c.Subject.SessionId));
            Assert.Equal(workload.Database, c.Database);
            Assert.Equal("postgres", c.Protocol);
        });
        Assert.All(connections.Where(c => c.Phase == ConnectionPhase.Close), c => Assert.NotNull(c.DurationMicros));
        Assert.Equal(sessions.Select(s => s.Key).Order(StringComparer.Ordinal), authentications.Select(a => a.Subject.SessionId).Order(StringComparer.Ordinal));

        var succeeded = authentications.Where(a => a.Outcome == AuthenticationOutcome.Success).Select(a => a.Subject.Login).Order(StringComparer.Ordinal);
        Assert.Equal([MaskingEnvironment.MaskedUser, MaskingEnvironment.ExemptUser], succeeded);
        var refused = authentications.Where(a => a.Outcome == AuthenticationOutcome.Failure).ToList();
        Assert.NotEmpty(refused);
        Assert.Equal("28P01", workload.SqlStateOfWrongPassword);
        Assert.All(refused, a =>
        {
            Assert.Equal(MaskingEnvironment.MaskedUser, a.Subject.Login);
            Assert.Equal("28P01", a.SqlState);
        });
    }

    [Fact]
    public async Task Log_AnyStatementOrParameter_NoLiteralOrDataValueInTheFiles()
    {
        var workload = await AuditedWorkload.GetAsync(postgres);
        var text = Encoding.UTF8.GetString(workload.LogBytes);

        // Literals became placeholders: the stored text still names the statement...
        var (_, record, _) = workload.Trail.Single(AuditedWorkload.Insert);
        Assert.StartsWith("INSERT INTO people", record.Statement, StringComparison.Ordinal);
        Assert.Contains("$", record.Statement, StringComparison.Ordinal);
        // ...but no byte of any literal, parameter, password or selected value is anywhere in the files.
        Assert.DoesNotContain(AuditedWorkload.LiteralMarker, text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("LIT-", text, StringComparison.OrdinalIgnoreCase);
        foreach (var value in MaskingEnvironment.RawValues)
        {
            Assert.DoesNotContain(value, text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Log_ProxyStoppedCleanly_FramedByStartStopAndAuditVerifyExitsZero()
    {
        var workload = await AuditedWorkload.GetAsync(postgres);
        var types = workload.Trail.Entries.Select(e => e.Type).ToList();

        Assert.Equal(["segment", "proxy_start", "policy"], types[..3]);
        Assert.Equal(["proxy_stop", "checkpoint"], types[^2..]);
        Assert.Equal(CheckpointReason.Shutdown, ((CheckpointRecord)workload.Trail.Entries[^1].Record).Reason);
        Assert.True(workload.Verify.ExitCode == 0, workload.Verify.Describe());
        Assert.Contains("INTACT", workload.Verify.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("MACs:                 checked", workload.Verify.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("tail:                 closed", workload.Verify.StandardOutput, StringComparison.Ordinal);
    }
}
