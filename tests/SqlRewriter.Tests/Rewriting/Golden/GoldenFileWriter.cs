using System.Text;

namespace MaskingProxy.SqlRewriter.Tests.Rewriting.Golden;

/// <summary>Writes golden files in a stable, reviewable layout (block scalars for multi-line SQL).</summary>
public static class GoldenFileWriter
{
    public static string Write(GoldenFile file)
    {
        var yaml = new StringBuilder();
        if (file.Header.Length > 0)
        {
            yaml.Append(file.Header).Append('\n');
        }

        yaml.Append("policy: ").Append(Quote(file.Policy)).Append('\n');
        yaml.Append("login: ").Append(Quote(file.Login)).Append('\n');
        if (file.SearchPath is not null)
        {
            yaml.Append("search_path: ").Append(Quote(file.SearchPath)).Append('\n');
        }

        yaml.Append("cases:\n");
        foreach (GoldenCase golden in file.Cases)
        {
            yaml.Append('\n');
            yaml.Append("  - name: ").Append(Quote(golden.Name)).Append('\n');
            Field(yaml, "login", golden.Login);
            Field(yaml, "search_path", golden.SearchPath);
            List(yaml, "parameters", golden.Parameters);
            List(yaml, "temporary", golden.Temporary);
            Field(yaml, "sql", golden.Sql);
            GoldenOutcome? outcome = golden.Expected;
            if (outcome is null)
            {
                continue;
            }

            Field(yaml, "verdict", outcome.Verdict);
            Field(yaml, "deny", outcome.Deny);
            Field(yaml, "rewritten", outcome.Rewritten);
            List(yaml, "transforms", outcome.Transforms);
            List(yaml, "masked", outcome.Masked);
            List(yaml, "effects", outcome.Effects);
            List(yaml, "warnings", outcome.Warnings);
        }

        return yaml.ToString();
    }

    private static void Field(StringBuilder yaml, string key, string? value)
    {
        if (value is null)
        {
            return;
        }

        yaml.Append("    ").Append(key).Append(':');
        if (value.Contains('\n', StringComparison.Ordinal) && !value.EndsWith(' ') && !value.StartsWith(' ') && !value.Contains('\t', StringComparison.Ordinal) && !value.Contains('\r', StringComparison.Ordinal))
        {
            yaml.Append(value.EndsWith('\n') ? " |+\n" : " |-\n");
            foreach (string line in value.TrimEnd('\n').Split('\n'))
            {
                yaml.Append(line.Length == 0 ? string.Empty : "      ").Append(line).Append('\n');
            }

            return;
        }

        yaml.Append(' ').Append(Quote(value)).Append('\n');
    }

    private static void List(StringBuilder yaml, string key, IReadOnlyList<string> values)
    {
        if (values.Count == 0)
        {
            return;
        }

        yaml.Append("    ").Append(key).Append(":\n");
        foreach (string value in values)
        {
            yaml.Append("      - ").Append(Quote(value)).Append('\n');
        }
    }

    /// <summary>A YAML scalar: plain when unambiguous, else double-quoted with escapes.</summary>
    private static string Quote(string value)
    {
        bool plain = value.Length > 0 && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.' or ' ' || c > 127)
            && !value.StartsWith(' ') && !value.EndsWith(' ') && !value.StartsWith('-')
            && value is not ("true" or "false" or "null" or "yes" or "no" or "on" or "off" or "~")
            && !double.TryParse(value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _);
        if (plain)
        {
            return value;
        }

        var quoted = new StringBuilder("\"");
        foreach (char c in value)
        {
            quoted.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                '\0' => "\\0",
                _ => c.ToString(),
            });
        }

        return quoted.Append('"').ToString();
    }
}
