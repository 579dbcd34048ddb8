using MaskingProxy.AuditLog.Log;
using MaskingProxy.AuditLog.Records;

namespace MaskingProxy.AuditLog.Verify;

/// <summary>
/// Streams the records of an audit directory that match a query, in log order. Search does not
/// verify (run <see cref="AuditVerifier"/> for that); lines that do not parse (a torn tail) are
/// skipped and counted in <see cref="SearchStatistics"/>.
/// </summary>
public static class AuditSearch
{
    public static IEnumerable<AuditEntry> Search(string directory, AuditQuery query, SearchStatistics? statistics = null)
    {
        ArgumentNullException.ThrowIfNull(query);
        var pattern = query.Object is null ? null : new ObjectPattern(query.Object);
        foreach (var (_, path) in SegmentNames.List(directory))
        {
            var segment = Path.GetFileName(path);
            using var reader = new SegmentReader(path);
            while (reader.Next(out var start, out var length, out _, out var state))
            {
                AuditEntry entry;
                try
                {
                    if (state != SegmentReader.LineState.Complete)
                    {
                        throw new FormatException("partial line");
                    }

                    entry = AuditRecordParser.Parse(reader.Buffer.AsSpan(start, length), segment);
                }
                catch (FormatException)
                {
                    if (statistics is not null)
                    {
                        statistics.SkippedLines++;
                    }

                    continue;
                }

                if (statistics is not null)
                {
                    statistics.RecordsRead++;
                }

                if (Matches(entry, query, pattern))
                {
                    yield return entry;
                }
            }
        }
    }

    public static bool Matches(AuditEntry entry, AuditQuery query, ObjectPattern? pattern = null)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(query);
        if (pattern is null && query.Object is not null)
        {
            pattern = new ObjectPattern(query.Object);
        }

        var record = entry.Record;
        if ((query.Since is { } since && record.Timestamp < since) || (query.Until is { } until && record.Timestamp >= until))
        {
            return false;
        }

        if (query.Type is not null && record.Type != query.Type)
        {
            return false;
        }

        if (query.Login is not null && SubjectOf(record)?.Login != query.Login)
        {
            return false;
        }

        if (query.Action is null && query.Verdict is null && pattern is null)
        {
            return true;
        }

        return record is StatementRecord statement
            && (query.Action is null || string.Equals(statement.Action, query.Action, StringComparison.OrdinalIgnoreCase))
            && (query.Verdict is null || statement.Verdict == query.Verdict)
            && (pattern is null || statement.Objects.Any(pattern.IsMatch));
    }

    public static Subject? SubjectOf(AuditRecord record) => record switch
    {
        StatementRecord r => r.Subject,
        StatementOutcomeRecord r => r.Subject,
        ConnectionRecord r => r.Subject,
        AuthenticationRecord r => r.Subject,
        _ => null,
    };
}
