using System.Text.Encodings.Web;
using System.Text.Json;
using MaskingProxy.SqlRewriter.Rewriting;

namespace MaskingProxy.Proxy.Cli;

/// <summary>
/// The JSON form of an <see cref="ExplainReport"/> (<c>--format json</c>). Property names are a stable
/// contract for scripts (documented in README.md, "policy explain"): add properties, never rename them.
/// Every property is always present (null or empty when it does not apply), so consumers need no
/// existence checks. Written with <see cref="Utf8JsonWriter"/>: no reflection, trimming-safe.
/// </summary>
internal static class ExplainJsonWriter
{
    /// <summary>Bumped only for an incompatible change of the shape.</summary>
    public const int FormatVersion = 1;

    public static void Write(ExplainReport report, TextWriter output)
    {
        using var buffer = new MemoryStream();
        // Relaxed escaping keeps CJK names and SQL readable; the output is never embedded in HTML.
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            WriteReport(json, report);
        }
        output.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
    }

    private static void WriteReport(Utf8JsonWriter json, ExplainReport report)
    {
        json.WriteStartObject();
        json.WriteNumber("format", FormatVersion);
        json.WriteString("verdict", ExplainReport.Name(report.Verdict));
        json.WriteString("login", report.Login);
        json.WriteBoolean("exempt", report.Exempt);
        json.WriteBoolean("rulesInForce", report.RulesInForce);

        json.WriteStartObject("policy");
        json.WriteString("name", report.Policy.Name);
        json.WriteString("source", report.Policy.Source);
        json.WriteString("version", report.Policy.Version);
        json.WriteEndObject();

        json.WriteStartObject("catalog");
        json.WriteString("source", report.CatalogDescription);
        json.WriteString("version", report.CatalogVersion);
        json.WriteEndObject();

        json.WriteString("searchPath", report.SearchPath);
        json.WriteString("sql", report.Sql);
        json.WriteString("forwardedSql", report.ForwardedSql);
        json.WriteBoolean("rewritten", report.Rewritten);

        if (report.Denial is { } denial)
        {
            json.WriteStartObject("denial");
            json.WriteString("kind", ExplainReport.Name(denial.Kind));
            json.WriteString("reason", denial.Reason);
            json.WriteString("ruleId", denial.RuleId);
            WriteNullableNumber(json, "statement", denial.StatementIndex);
            json.WriteBoolean("catalogMiss", report.CatalogMiss);
            json.WriteString("message", denial.Message);
            json.WriteEndObject();
        }
        else
        {
            json.WriteNull("denial");
        }

        json.WriteStartArray("statements");
        foreach (var statement in report.Statements)
        {
            json.WriteStartObject();
            json.WriteNumber("index", statement.Index);
            json.WriteString("kind", statement.Kind);
            json.WriteString("action", ExplainReport.Name(statement.Action));
            json.WriteBoolean("plainRead", statement.IsPlainRead);
            json.WriteString("text", report.StatementText(statement));
            json.WriteEndObject();
        }
        json.WriteEndArray();

        WriteStrings(json, "objects", report.Objects.Select(o => o.ToString()));
        WriteColumns(json, "maskedColumns", report.MaskedColumns);
        WriteColumns(json, "hashedColumns", report.HashedColumns);

        json.WriteStartArray("unmaskedColumns");
        foreach (var column in report.UnmaskedColumns)
        {
            json.WriteStartObject();
            json.WriteString("source", column.Source);
            json.WriteString("ruleId", column.RuleId);
            json.WriteString("why", column.Why);
            json.WriteEndObject();
        }
        json.WriteEndArray();

        json.WriteStartArray("sessionEffects");
        foreach (var effect in report.SessionEffects)
        {
            json.WriteStartObject();
            json.WriteNumber("statement", effect.StatementIndex);
            json.WriteString("kind", ExplainReport.Name(effect.Kind));
            WriteStrings(json, "values", effect.Values);
            json.WriteEndObject();
        }
        json.WriteEndArray();

        WriteStrings(json, "ruleIds", report.RuleIds);
        WriteStrings(json, "warnings", report.Warnings);
        json.WriteEndObject();
    }

    private static void WriteColumns(Utf8JsonWriter json, string name, IReadOnlyList<ExplainColumn> columns)
    {
        json.WriteStartArray(name);
        foreach (var column in columns)
        {
            json.WriteStartObject();
            json.WriteNumber("statement", column.Statement);
            WriteNullableNumber(json, "position", column.Position);
            json.WriteString("name", column.Name);
            json.WriteString("source", column.Source);
            json.WriteString("ruleId", column.RuleId);
            json.WriteString("mask", column.Mask);
            json.WriteBoolean("derived", column.Derived);
            json.WriteEndObject();
        }
        json.WriteEndArray();
    }

    private static void WriteStrings(Utf8JsonWriter json, string name, IEnumerable<string> values)
    {
        json.WriteStartArray(name);
        foreach (var value in values)
        {
            json.WriteStringValue(value);
        }
        json.WriteEndArray();
    }

    private static void WriteNullableNumber(Utf8JsonWriter json, string name, int? value)
    {
        if (value is { } number)
        {
            json.WriteNumber(name, number);
        }
        else
        {
            json.WriteNull(name);
        }
    }
}
