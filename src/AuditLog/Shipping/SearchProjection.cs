using System.Collections.Concurrent;
using System.Text;
using MaskingProxy.AuditLog.Records;

namespace MaskingProxy.AuditLog.Shipping;

/// <summary>
/// The flat, typed copy of a record's searchable fields that the shipper adds to each document as
/// <c>search</c> (docs/audit-format.md §17). Needed because the record's own <c>event</c> cannot be
/// mapped as one schema: <c>event.outcome</c> is an object in statement records and a string in
/// authentication and policy records, and Elasticsearch rejects a document whose field changes
/// kind. So <c>event</c> is stored unindexed and the projection is what Kibana searches.
/// <para>
/// Written canonically (JCS, keys sorted) so the index verifier can recompute it from the verified
/// record and compare bytes: a document whose searchable copy was edited is reported even though
/// the record itself still verifies.
/// </para>
/// </summary>
internal static class SearchProjection
{
    // Field names are a small fixed set: encode each once, not once per field per record.
    private static readonly ConcurrentDictionary<string, byte[]> Names = new(StringComparer.Ordinal);

    public static void Write(AuditRecord record, ByteBuffer output)
    {
        // Collected first, then written in key order (JCS). A null value is an absent optional field.
        var fields = new SortedDictionary<string, object?>(StringComparer.Ordinal);
        switch (record)
        {
            case StatementRecord r:
                AddSession(fields, r.Subject, r.Database, r.Protocol, r.Reason);
                fields["action"] = r.Action;
                fields["objects"] = r.Objects;
                fields["verdict"] = WireNames.Of(r.Verdict);
                fields["rules"] = r.RuleIds;
                fields["statement"] = r.Statement;
                fields["statement_sm3"] = r.StatementSm3;
                fields["policy_version"] = r.PolicyVersion;
                AddOutcome(fields, r.Outcome);
                break;
            case StatementOutcomeRecord r:
                AddSubject(fields, r.Subject);
                fields["statement_seq"] = r.StatementSeq;
                AddOutcome(fields, r.Outcome);
                break;
            case ConnectionRecord r:
                AddSession(fields, r.Subject, r.Database, r.Protocol, r.Reason);
                fields["action"] = WireNames.Of(r.Phase);
                fields["duration_us"] = r.DurationMicros;
                break;
            case AuthenticationRecord r:
                AddSession(fields, r.Subject, r.Database, r.Protocol, r.Reason);
                fields["status"] = WireNames.Of(r.Outcome);
                fields["sqlstate"] = r.SqlState;
                break;
            case PolicyRecord r:
                fields["action"] = WireNames.Of(r.Action);
                fields["status"] = WireNames.Of(r.Outcome);
                fields["reason"] = r.Error;
                fields["policy_version"] = r.Version;
                break;
            case ProxyStopRecord r:
                fields["reason"] = r.Reason;
                break;
            case CheckpointRecord r:
                fields["reason"] = WireNames.Of(r.Reason);
                break;
            case RecoveryRecord r:
                fields["reason"] = WireNames.Of(r.Kind);
                break;
        }

        var w = new CanonicalJsonWriter(output);
        w.StartObject();
        foreach (var (name, value) in fields)
        {
            var key = Names.GetOrAdd(name, static n => Encoding.ASCII.GetBytes(n));
            switch (value)
            {
                case null:
                    break;
                case string s:
                    w.String(key, s, int.MaxValue);
                    break;
                case long n:
                    w.Integer(key, n);
                    break;
                case IReadOnlyList<string> list:
                    w.StringArray(key, list, int.MaxValue, int.MaxValue);
                    break;
                default:
                    // A field of another type (an int, say) would otherwise vanish from the projection unnoticed.
                    throw new InvalidOperationException($"search field '{name}' has unsupported type {value.GetType()}");
            }
        }

        w.EndObject();
    }

    /// <summary>Who, where and why: the fields statement, connection and authentication records share.</summary>
    private static void AddSession(SortedDictionary<string, object?> fields, Subject subject, string? database, string? protocol, string? reason)
    {
        AddSubject(fields, subject);
        fields["database"] = database;
        fields["protocol"] = protocol;
        fields["reason"] = reason;
    }

    private static void AddSubject(SortedDictionary<string, object?> fields, Subject subject)
    {
        fields["login"] = subject.Login;
        fields["application"] = subject.ApplicationName;
        fields["client"] = subject.ClientAddress;
        fields["port"] = (long?)subject.ClientPort;
        fields["session"] = subject.SessionId;
    }

    private static void AddOutcome(SortedDictionary<string, object?> fields, StatementOutcome? outcome)
    {
        if (outcome is null)
        {
            return;
        }

        fields["status"] = WireNames.Of(outcome.Status);
        fields["sqlstate"] = outcome.SqlState;
        fields["rows"] = outcome.Rows;
        fields["duration_us"] = outcome.DurationMicros;
    }
}
