using MaskingProxy.AuditLog.Records;

namespace MaskingProxy.AuditLog.Tests.Support;

/// <summary>One record of every type, with hostile client-controlled strings where clients control them.</summary>
internal static class Samples
{
    public static readonly DateTimeOffset Time = new(2025, 11, 21, 6, 17, 0, TimeSpan.Zero);

    public const string Nasty = "a\"b\\c\nd\re\tf\bg\fh\u0001i\u001fj\u007fk\u2028l\u2029m 张三 😀 </script>";

    public static Subject Subject(string login = "alice") => new()
    {
        Login = login,
        ClientAddress = "10.0.0.5",
        ClientPort = 51234,
        ApplicationName = Nasty,
        SessionId = "s-0001",
    };

    public static StatementRecord Statement(string login = "alice", Verdict verdict = Verdict.Masked, string action = "SELECT", params string[] objects) => new()
    {
        Timestamp = Time.AddTicks(1234567),
        Subject = Subject(login),
        Database = "app",
        Protocol = "postgres",
        Action = action,
        Objects = objects.Length == 0 ? ["public.patients.id_card", "public.patients.full_name"] : objects,
        Statement = "SELECT id_card, full_name FROM patients WHERE id = $1 -- " + Nasty,
        StatementSm3 = StatementRecord.HashOriginal("SELECT id_card, full_name FROM patients WHERE id = 42"),
        Verdict = verdict,
        RuleIds = ["resident-id", "person-name"],
        Reason = verdict == Verdict.Deny ? "copy_out: deny" : null,
        PolicyVersion = new string('a', 64),
        Outcome = verdict == Verdict.Deny ? new StatementOutcome { Status = OutcomeStatus.Error, SqlState = "42501", DurationMicros = 12 } : null,
    };

    public static IEnumerable<AuditRecord> All()
    {
        yield return Statement();
        yield return Statement(verdict: Verdict.Deny);
        yield return new StatementOutcomeRecord
        {
            Timestamp = Time,
            StatementSeq = 7,
            Subject = Subject(),
            Outcome = new StatementOutcome { Status = OutcomeStatus.Success, SqlState = "00000", Rows = 3, DurationMicros = 1500 },
        };
        yield return new ConnectionRecord { Timestamp = Time, Phase = ConnectionPhase.Open, Subject = Subject(), Database = "app", Protocol = "postgres", Tls = true };
        yield return new ConnectionRecord { Timestamp = Time, Phase = ConnectionPhase.Close, Subject = Subject(), DurationMicros = 99, Reason = "client terminate" };
        yield return new AuthenticationRecord { Timestamp = Time, Outcome = AuthenticationOutcome.Failure, Subject = Subject(Nasty), Method = "scram-sha-256", SqlState = "28P01", Reason = "password authentication failed" };
        yield return new PolicyRecord { Timestamp = Time, Action = PolicyAction.Reload, Outcome = PolicyOutcome.Rejected, Version = new string('b', 64), PreviousVersion = new string('c', 64), Name = "healthcare-baseline", Path = "policies/healthcare.yaml", Error = "healthcare.yaml:12:5: unknown mask 'kep'" };
        yield return new ProxyStartRecord { Timestamp = Time, Host = "db-proxy-1", ProcessId = 4242, Version = "0.1.0" };
        yield return new ProxyStopRecord { Timestamp = Time, Host = "db-proxy-1", ProcessId = 4242, Reason = "SIGTERM" };
        yield return new CheckpointRecord { Timestamp = Time, HeadSeq = 9, HeadHash = new string('d', 64), KeyId = "0123456789abcdef", Reason = CheckpointReason.Count, Records = 9 };
        yield return new RecoveryRecord { Timestamp = Time, Kind = RecoveryKind.TornTail, Segment = "audit-000001.jsonl", Offset = 1234, CutBytes = 17, CutSm3 = new string('e', 64), LastSeq = 9, Detail = "last line had no line feed" };
        yield return new SegmentRecord { Timestamp = Time, Number = 2, PrevHash = new string('f', 64), PrevSegment = "audit-000001.jsonl" };
    }
}
