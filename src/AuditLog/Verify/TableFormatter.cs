using System.Globalization;
using System.Text;
using MaskingProxy.AuditLog.Records;

namespace MaskingProxy.AuditLog.Verify;

/// <summary>
/// Writes entries as an aligned text table for terminals: SEQ, TIME (UTC), TYPE, LOGIN, ACTION,
/// VERDICT, OBJECTS, DETAIL. Cells are made safe for a terminal first (control characters,
/// including ESC, become U+FFFD, so a crafted application name cannot drive the terminal), cut to
/// a maximum width, and aligned by display width (CJK characters take two columns).
/// Rows are buffered per <paramref name="chunk"/> entries to compute widths.
/// </summary>
public static class TableFormatter
{
    private static readonly string[] Headers = ["SEQ", "TIME (UTC)", "TYPE", "LOGIN", "ACTION", "VERDICT", "OBJECTS", "DETAIL"];
    private static readonly int[] MaxWidths = [12, 26, 17, 24, 16, 7, 48, 80];

    public static long Write(IEnumerable<AuditEntry> entries, TextWriter output, int chunk = 1000)
    {
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentNullException.ThrowIfNull(output);
        var rows = new List<string[]>();
        long count = 0;
        var headerWritten = false;
        foreach (var entry in entries)
        {
            rows.Add(Row(entry));
            count++;
            if (rows.Count == chunk)
            {
                Flush(rows, output, ref headerWritten);
            }
        }

        if (rows.Count > 0 || !headerWritten)
        {
            Flush(rows, output, ref headerWritten);
        }

        return count;
    }

    /// <summary>Display width in terminal columns.</summary>
    public static int DisplayWidth(string text)
    {
        var width = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            width += IsWide(rune.Value) ? 2 : 1;
        }

        return width;
    }

    private static string[] Row(AuditEntry entry)
    {
        var record = entry.Record;
        var subject = AuditSearch.SubjectOf(record);
        string action = string.Empty, verdict = string.Empty, objects = string.Empty, detail;
        switch (record)
        {
            case StatementRecord s:
                action = s.Action;
                verdict = s.Verdict.ToString().ToLowerInvariant();
                objects = string.Join(",", s.Objects);
                detail = s.Statement + (s.Outcome is { } done ? " => " + Outcome(done) : string.Empty);
                break;
            case StatementOutcomeRecord o:
                detail = $"statement {o.StatementSeq} => {Outcome(o.Outcome)}";
                break;
            case ConnectionRecord c:
                detail = $"{c.Phase.ToString().ToLowerInvariant()} {c.Database} {c.Subject.ClientAddress}:{c.Subject.ClientPort} {c.Subject.ApplicationName} {c.Reason}".TrimEnd();
                break;
            case AuthenticationRecord a:
                detail = $"{a.Outcome.ToString().ToLowerInvariant()} {a.Method} {a.SqlState} {a.Reason}".TrimEnd();
                break;
            case PolicyRecord p:
                detail = $"{p.Action.ToString().ToLowerInvariant()} {p.Outcome.ToString().ToLowerInvariant()} {p.Name} {p.Version} {p.Error}".TrimEnd();
                break;
            case CheckpointRecord c:
                detail = $"{c.Reason.ToString().ToLowerInvariant()} head {c.HeadSeq} key {c.KeyId}";
                break;
            case RecoveryRecord r:
                detail = $"{r.Kind} {r.Detail}";
                break;
            case SegmentRecord g:
                detail = $"segment {g.Number} after {g.PrevSegment ?? "(chain start)"}";
                break;
            case ProxyStartRecord p:
                detail = $"{p.Host} pid {p.ProcessId} {p.Version}".TrimEnd();
                break;
            case ProxyStopRecord p:
                detail = $"{p.Host} pid {p.ProcessId} {p.Reason}".TrimEnd();
                break;
            default:
                detail = string.Empty;
                break;
        }

        return
        [
            entry.Seq.ToString(CultureInfo.InvariantCulture),
            record.Timestamp.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture),
            record.Type,
            subject?.Login ?? string.Empty,
            action,
            verdict,
            objects,
            detail,
        ];
    }

    private static string Outcome(StatementOutcome o)
        => $"{o.Status.ToString().ToLowerInvariant()} {o.SqlState} {(o.Rows is { } r ? r + " rows" : string.Empty)} {(o.DurationMicros is { } d ? d + "us" : string.Empty)}".Replace("  ", " ", StringComparison.Ordinal).TrimEnd();

    private static void Flush(List<string[]> rows, TextWriter output, ref bool headerWritten)
    {
        var cells = rows.Select(r => r.Select((c, i) => Cell(c, MaxWidths[i])).ToArray()).ToList();
        var widths = Headers.Select((h, i) => Math.Max(h.Length, cells.Count == 0 ? 0 : cells.Max(r => DisplayWidth(r[i])))).ToArray();
        if (!headerWritten)
        {
            WriteRow(Headers, widths, output);
            headerWritten = true;
        }

        foreach (var row in cells)
        {
            WriteRow(row, widths, output);
        }

        rows.Clear();
    }

    private static void WriteRow(string[] row, int[] widths, TextWriter output)
    {
        var line = new StringBuilder();
        for (var i = 0; i < row.Length; i++)
        {
            line.Append(row[i]);
            if (i < row.Length - 1)
            {
                line.Append(' ', widths[i] - DisplayWidth(row[i]) + 2);
            }
        }

        output.Write(line.ToString().TrimEnd());
        output.Write('\n');
    }

    /// <summary>Terminal-safe, cut to <paramref name="maxWidth"/> columns (ending in "…" when cut).</summary>
    private static string Cell(string text, int maxWidth)
    {
        var runes = text.EnumerateRunes()
            .Select(r => Rune.IsControl(r) || r.Value is 0x2028 or 0x2029 ? new Rune(0xFFFD) : r)
            .ToList();
        if (runes.Sum(r => IsWide(r.Value) ? 2 : 1) <= maxWidth)
        {
            return string.Concat(runes);
        }

        var sb = new StringBuilder();
        var width = 0;
        foreach (var rune in runes)
        {
            var w = IsWide(rune.Value) ? 2 : 1;
            if (width + w > maxWidth - 1)
            {
                break;
            }

            sb.Append(rune.ToString());
            width += w;
        }

        return sb.Append('\u2026').ToString();
    }

    private static bool IsWide(int c) =>
        c is (>= 0x1100 and <= 0x115F) or (>= 0x2E80 and <= 0xA4CF) or (>= 0xAC00 and <= 0xD7A3)
            or (>= 0xF900 and <= 0xFAFF) or (>= 0xFE30 and <= 0xFE4F) or (>= 0xFF00 and <= 0xFF60)
            or (>= 0xFFE0 and <= 0xFFE6) or (>= 0x1F300 and <= 0x1FAFF) or (>= 0x20000 and <= 0x3FFFD);
}
