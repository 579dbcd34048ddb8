using MaskingProxy.AuditLog.Log;
using MaskingProxy.AuditLog.Records;
using MaskingProxy.AuditLog.Tests.Support;
using MaskingProxy.AuditLog.Verify;

namespace MaskingProxy.AuditLog.Tests.Log;

/// <summary>A queued record can be replaced (a statement record that gets its outcome) until the writer takes it.</summary>
public sealed class ReplaceQueuedTests
{
    private static readonly StatementOutcome Finished = new() { Status = OutcomeStatus.Success, Rows = 3, DurationMicros = 250 };

    [Fact]
    public async Task TryReplaceQueued_BeforeTheWriterTakesIt_WritesTheReplacementInItsPlace()
    {
        using var dir = new TempDirectory();
        var writer = OpenGathering(dir.Path);
        var stamp = new DateTimeOffset(2026, 11, 21, 8, 0, 0, TimeSpan.Zero).AddTicks(1234560);
        var first = writer.AppendAsync(Samples.Statement(login: "first"));
        var original = Samples.Statement(login: "second");
        var second = writer.AppendAsync(WithTimestamp(original, stamp));
        var third = writer.AppendAsync(Samples.Statement(login: "third"));

        Assert.True(writer.TryReplaceQueued(second, original.WithOutcome(Finished)));
        await writer.FlushAsync();
        var tickets = await Task.WhenAll(first, second, third);
        await writer.CloseAsync();

        var entries = AuditSearch.Search(dir.Path, new AuditQuery()).Where(e => e.Record is StatementRecord).ToList();
        Assert.Equal(["first", "second", "third"], entries.Select(e => ((StatementRecord)e.Record).Subject.Login));
        var replaced = (StatementRecord)entries[1].Record;
        Assert.Equal(Finished, replaced.Outcome);
        Assert.Equal(stamp, entries[1].Timestamp);
        Assert.Equal(tickets[1].Seq, entries[1].Seq);
        Assert.Null(((StatementRecord)entries[0].Record).Outcome);
        Assert.Equal(VerifyOutcome.Intact, AuditVerifier.Verify(dir.Path, TestKeys.Material).Outcome);
    }

    [Fact]
    public async Task TryReplaceQueued_AfterTheRecordWasWritten_ReturnsFalseAndChangesNothing()
    {
        using var dir = new TempDirectory();
        var writer = WriterFactory.Open(dir.Path);
        var record = Samples.Statement();
        var appended = writer.AppendAsync(record);
        await appended;

        Assert.False(writer.TryReplaceQueued(appended, record.WithOutcome(Finished)));
        await writer.CloseAsync();

        var statement = (StatementRecord)AuditSearch.Search(dir.Path, new AuditQuery()).Single(e => e.Record is StatementRecord).Record;
        Assert.Null(statement.Outcome);
    }

    [Fact]
    public async Task TryReplaceQueued_TaskOfAnotherWriter_ReturnsFalse()
    {
        using var dir = new TempDirectory();
        using var other = new TempDirectory();
        var writer = OpenGathering(dir.Path);
        var elsewhere = OpenGathering(other.Path);
        var record = Samples.Statement();
        var appended = elsewhere.AppendAsync(record);

        Assert.False(writer.TryReplaceQueued(appended, record.WithOutcome(Finished)));
        await elsewhere.CloseAsync();
        await writer.CloseAsync();
    }

    [Fact]
    public void WithOutcome_EveryOtherPropertyCopied()
    {
        var original = new StatementRecord
        {
            Timestamp = DateTimeOffset.UnixEpoch.AddDays(1),
            Subject = new Subject { Login = "alice", ClientAddress = "10.0.0.1", ClientPort = 5, ApplicationName = "app", SessionId = "s1" },
            Database = "db",
            Protocol = "postgres",
            Action = "SELECT",
            Objects = ["public.t.c"],
            Statement = "SELECT c FROM t WHERE id = $1",
            StatementSm3 = new string('a', 64),
            Verdict = Verdict.Masked,
            RuleIds = ["r1"],
            Reason = "why",
            PolicyVersion = new string('b', 64),
        };

        var copy = original.WithOutcome(Finished);

        Assert.Equal(Finished, copy.Outcome);
        // Reflection, so that a property added later and not copied fails here.
        foreach (var property in typeof(StatementRecord).GetProperties().Where(p => p.CanWrite && p.Name != nameof(StatementRecord.Outcome)))
        {
            Assert.Equal(property.GetValue(original), property.GetValue(copy));
        }
    }

    private static AuditLogWriter OpenGathering(string directory)
        => AuditLogWriter.Open(
            WriterFactory.Options(directory, durability: DurabilityMode.Batch) with { BatchGatherInterval = TimeSpan.FromMinutes(1) },
            TestKeys.Material);

    private static StatementRecord WithTimestamp(StatementRecord record, DateTimeOffset timestamp) => new()
    {
        Timestamp = timestamp,
        Subject = record.Subject,
        Action = record.Action,
        Objects = record.Objects,
        Statement = record.Statement,
        StatementSm3 = record.StatementSm3,
        Verdict = record.Verdict,
        RuleIds = record.RuleIds,
    };
}
