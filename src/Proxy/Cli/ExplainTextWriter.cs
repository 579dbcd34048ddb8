using System.Globalization;
using System.Text;
using MaskingProxy.SqlRewriter.Rewriting;

namespace MaskingProxy.Proxy.Cli;

/// <summary>
/// The human-readable form of an <see cref="ExplainReport"/>: a header of <c>key: value</c> lines, then one
/// aligned table or list per section. Control characters from SQL or names are escaped, so a statement
/// cannot rewrite the reviewer's terminal.
/// </summary>
internal static class ExplainTextWriter
{
    private const int KeyWidth = 13;

    public static void Write(ExplainReport report, TextWriter output)
    {
        var text = new StringBuilder();
        Header(text, report);

        text.AppendLine().AppendLine("statements:");
        if (report.Statements.Count == 0)
        {
            text.AppendLine("  none (the text was not parsed)");
        }
        Table(text, report.Statements.Select(s => new[]
        {
            $"#{s.Index}", s.Kind, ExplainReport.Name(s.Action), s.IsPlainRead ? "plain read" : "not a plain read", OneLine(report.StatementText(s)),
        }));

        text.AppendLine().AppendLine("objects touched:");
        List(text, report.Objects.Select(o => o.ToString()));

        text.AppendLine().AppendLine("masked output columns:");
        if (report.MaskedColumns.Count == 0)
        {
            text.AppendLine("  none");
        }
        else
        {
            var derived = report.MaskedColumns.Any(c => c.Derived);
            // "derived": the output is an expression over the masked value (e.g. upper(phone)), not the value itself.
            Table(text, report.MaskedColumns.Select(c => Row(c, derived ? (c.Derived ? "derived" : string.Empty) : null)), ["OUTPUT", "NAME", "SOURCE", "RULE", "MASK", .. derived ? (string[])["NOTE"] : []]);
        }

        if (report.HashedColumns.Count > 0)
        {
            text.AppendLine().AppendLine("hashed by the proxy, row by row (the key never enters the SQL):");
            Table(text, report.HashedColumns.Select(c => Row(c, null)), ["OUTPUT", "NAME", "SOURCE", "RULE", "MASK"]);
        }

        if (report.UnmaskedColumns.Count > 0)
        {
            text.AppendLine().AppendLine("covered but shown raw to this login:");
            Table(text, report.UnmaskedColumns.Select(u => new[] { u.Source, u.RuleId, u.Why == "exempt" ? "login is exempt" : "login in the rule's unmask" }), ["SOURCE", "RULE", "WHY"]);
        }

        if (report.SessionEffects.Count > 0)
        {
            text.AppendLine().AppendLine("session effects:");
            Table(text, report.SessionEffects.Select(e => new[] { $"#{e.StatementIndex}", ExplainReport.Name(e.Kind), string.Join(", ", e.Values) }));
        }

        if (report.Warnings.Count > 0)
        {
            text.AppendLine().AppendLine("warnings:");
            List(text, report.Warnings);
        }

        text.AppendLine().AppendLine(report.ForwardedSql is null ? "sql sent to the database: none (denied)"
            : report.Rewritten ? "sql sent to the database (rewritten):"
            : "sql sent to the database (unchanged):");
        if (report.ForwardedSql is not null)
        {
            foreach (var line in report.ForwardedSql.Split('\n'))
            {
                text.Append("  ").AppendLine(Safe(line.TrimEnd('\r'), keepTabs: true));
            }
        }

        output.Write(text.ToString());
    }

    private static void Header(StringBuilder text, ExplainReport report)
    {
        Field(text, "verdict", ExplainReport.Name(report.Verdict));
        if (report.Denial is { } denial)
        {
            Field(text, "reason", denial.Reason);
            Field(text, "rule", denial.RuleId ?? "-");
            Field(text, "denial kind", ExplainReport.Name(denial.Kind));
            Field(text, "statement", denial.StatementIndex is { } index ? $"#{index}" : "-");
            if (report.CatalogMiss)
            {
                Field(text, "note", "a relation is missing from the catalog: a fresher catalog may change the verdict");
            }
        }

        var subject = report.Exempt ? " (exempt: sees raw data, still audited)"
            : report.RulesInForce ? string.Empty
            : " (no rule applies to this login)";
        Field(text, "login", report.Login + subject);
        if (report.RuleIds.Count > 0)
        {
            Field(text, "rules used", string.Join(", ", report.RuleIds));
        }
        Field(text, "policy", $"{report.Policy.Name} ({report.Policy.Source}, version {report.Policy.Version})");
        Field(text, "catalog", $"{report.CatalogDescription} (version {report.CatalogVersion})");
        Field(text, "search_path", report.SearchPath);
    }

    private static string[] Row(ExplainColumn c, string? note)
        => note is null ? [c.Output, c.Name, c.Source, c.RuleId, c.Mask] : [c.Output, c.Name, c.Source, c.RuleId, c.Mask, note];

    private static void Field(StringBuilder text, string key, string value)
        => text.Append((key + ":").PadRight(KeyWidth + 1)).AppendLine(Safe(value, keepTabs: false));

    private static void List(StringBuilder text, IEnumerable<string> items)
    {
        var any = false;
        foreach (var item in items)
        {
            text.Append("  ").AppendLine(Safe(item, keepTabs: false));
            any = true;
        }
        if (!any)
        {
            text.AppendLine("  none");
        }
    }

    private static void Table(StringBuilder text, IEnumerable<string[]> rows, string[]? header = null)
    {
        List<string[]> all = [.. header is null ? [] : new[] { header }, .. rows.Select(r => r.Select(cell => Safe(cell, keepTabs: false)).ToArray())];
        if (all.Count == 0)
        {
            return;
        }

        var widths = new int[all.Max(r => r.Length)];
        foreach (var row in all)
        {
            for (var i = 0; i < row.Length; i++)
            {
                widths[i] = Math.Max(widths[i], row[i].Length);
            }
        }

        foreach (var row in all)
        {
            var line = new StringBuilder("  ");
            for (var i = 0; i < row.Length; i++)
            {
                line.Append(i == row.Length - 1 ? row[i] : row[i].PadRight(widths[i] + 2));
            }
            text.AppendLine(line.ToString().TrimEnd());
        }
    }

    private static string OneLine(string sql)
    {
        var flat = string.Join(' ', sql.Split(['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries).Select(p => p.Trim()));
        return flat.Length <= 60 ? flat : string.Concat(flat.AsSpan(0, 57), "...");
    }

    // Escapes C0/C1 controls (ESC sequences, carriage returns) so the output shows them instead of obeying them.
    private static string Safe(string value, bool keepTabs)
    {
        if (!value.Any(char.IsControl))
        {
            return value;
        }

        var safe = new StringBuilder(value.Length + 8);
        foreach (var c in value)
        {
            if (char.IsControl(c) && !(keepTabs && c == '\t'))
            {
                safe.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
            }
            else
            {
                safe.Append(c);
            }
        }
        return safe.ToString();
    }
}
