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
    public static void Write(AuditRecord record, ByteBuffer output)
    {
        var fields = new SortedDictionary<string, object>(StringComparer.Ordinal);
        switch (record)
        {
            case StatementRecord r:
                AddSubject(fields, r.Subject);
                Add(fields, "database", r.Database);
                Add(fields, "protocol", r.Protocol);
                Add(fields, "action", r.Action);
                fields["objects"] = r.Objects;
                fields["verdict"] = WireNames.Of(r.Verdict);
                fields["rules"] = r.RuleIds;
                Add(fields, "reason", r.Reason);
                Add(fields, "statement", r.Statement);
                Add(fields, "statement_sm3", r.StatementSm3);
                Add(fields, "policy_version", r.PolicyVersion);
                AddOutcome(fields, r.Outcome);
                break;
            case StatementOutcomeRecord r:
                AddSubject(fields, r.Subject);
                fields["statement_seq"] = r.StatementSeq;
                AddOutcome(fields, r.Outcome);
                break;
            case ConnectionRecord r:
                AddSubject(fields, r.Subject);
                Add(fields, "database", r.Database);
                Add(fields, "protocol", r.Protocol);
                Add(fields, "action", WireNames.Of(r.Phase));
                Add(fields, "reason", r.Reason);
                Add(fields, "duration_us", r.DurationMicros);
                break;
            case AuthenticationRecord r:
                AddSubject(fields, r.Subject);
                Add(fields, "database", r.Database);
                Add(fields, "protocol", r.Protocol);
                Add(fields, "status", WireNames.Of(r.Outcome));
                Add(fields, "sqlstate", r.SqlState);
                Add(fields, "reason", r.Reason);
                break;
            case PolicyRecord r:
                Add(fields, "action", WireNames.Of(r.Action));
                Add(fields, "status", WireNames.Of(r.Outcome));
                Add(fields, "reason", r.Error);
                Add(fields, "policy_version", r.Version);
                break;
            case ProxyStopRecord r:
                Add(fields, "reason", r.Reason);
                break;
            case CheckpointRecord r:
                Add(fields, "reason", WireNames.Of(r.Reason));
                break;
            case RecoveryRecord r:
                Add(fields, "reason", WireNames.Of(r.Kind));
                break;
        }

        var w = new CanonicalJsonWriter(output);
        w.StartObject();
        foreach (var (name, value) in fields)
        {
            var key = Encoding.ASCII.GetBytes(name);
            switch (value)
            {
                case string s:
                    w.String(key, s, int.MaxValue);
                    break;
                case long n:
                    w.Integer(key, n);
                    break;
                case IReadOnlyList<string> list:
                    w.StringArray(key, list, int.MaxValue, int.MaxValue);
                    break;
            }
        }

        w.EndObject();
    }

    private static void AddSubject(SortedDictionary<string, object> fields, Subject subject)
    {
        Add(fields, "login", subject.Login);
        Add(fields, "application", subject.ApplicationName);
        Add(fields, "client", subject.ClientAddress);
        Add(fields, "port", subject.ClientPort);
        Add(fields, "session", subject.SessionId);
    }

    private static void AddOutcome(SortedDictionary<string, object> fields, StatementOutcome? outcome)
    {
        if (outcome is null)
        {
            return;
        }

        Add(fields, "status", WireNames.Of(outcome.Status));
        Add(fields, "sqlstate", outcome.SqlState);
        Add(fields, "rows", outcome.Rows);
        Add(fields, "duration_us", outcome.DurationMicros);
    }

    private static void Add(SortedDictionary<string, object> fields, string name, string? value)
    {
        if (value is not null)
        {
            fields[name] = value;
        }
    }

    private static void Add(SortedDictionary<string, object> fields, string name, long? value)
    {
        if (value is { } v)
        {
            fields[name] = v;
        }
    }
}
