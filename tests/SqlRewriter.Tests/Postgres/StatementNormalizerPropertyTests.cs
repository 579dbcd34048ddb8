using System.Globalization;
using System.Text;
using MaskingProxy.SqlRewriter.Postgres;
using Xunit;

namespace MaskingProxy.SqlRewriter.Tests.Postgres;

/// <summary>
/// Random literal values, written in every quoting form PostgreSQL has, embedded in statement templates
/// (parseable, utility and unparseable): the value never survives normalization.
/// </summary>
/// <remarks>
/// Seeded <see cref="Random"/> rather than FsCheck: this project does not reference FsCheck. Each case
/// reports its seed and input; cases are independent, so a failure reproduces from the seed alone.
/// </remarks>
public class StatementNormalizerPropertyTests
{
    // Markers placed raw in every generated string value: nothing else in the templates contains them,
    // so finding one in the output means a piece of the literal leaked.
    private const string AsciiMarker = "QzXj";
    private const string CjkMarker = "秘";

    private const int Iterations = 3000;

    private static readonly string[] s_templates =
    [
        "SELECT * FROM patients WHERE full_name = {0} AND phone <> {1}",
        "SELECT {0}, {1}::text, upper({0}) FROM t ORDER BY 1 LIMIT {1}",
        "INSERT INTO patients (full_name, phone) VALUES ({0}, {1}), ({1}, {0})",
        "UPDATE patients SET phone = {0} WHERE full_name = {1} RETURNING *",
        "SET application_name = {0}",
        "ALTER ROLE bob PASSWORD {0} VALID UNTIL {1}",
        "ALTER SYSTEM SET work_mem = {0}",
        "COPY patients FROM {0} WITH (FORMAT csv, NULL {1})",
        "CREATE TABLE t (a text DEFAULT {0}, b text CHECK (b <> {1}))",
        "COMMENT ON COLUMN patients.phone IS {0}",
        "CALL notify({0}, {1})",
        "PREPARE q AS SELECT {0} WHERE {1} IS NOT NULL",
        "DO {0}",
        "SELECT {0} /* QzXj 秘 */ FROM t -- QzXj 秘\n; SELECT {1}",
        "SELEKT FROM WHERE (( {0} = {1}",
        "garbage {0} ) ( {1}",
    ];

    [Fact]
    public void Normalize_RandomLiteralsInTemplates_NoLiteralSurvives()
    {
        var failures = new List<string>();
        for (int seed = 0; seed < Iterations && failures.Count < 5; seed++)
        {
            var random = new Random(seed);
            string template = s_templates[random.Next(s_templates.Length)];
            (string first, string[] firstSecrets) = Literal(random, template.StartsWith("DO", StringComparison.Ordinal));
            (string second, string[] secondSecrets) = Literal(random, dollarOnly: false);
            string sql = string.Format(CultureInfo.InvariantCulture, template, first, second);

            string normalized = StatementNormalizer.Normalize(sql);

            string? leaked = firstSecrets.Concat(secondSecrets).FirstOrDefault(s => normalized.Contains(s, StringComparison.Ordinal));
            if (leaked is not null)
            {
                failures.Add($"seed {seed}: '{leaked}' survived in {Escape(normalized)} from {Escape(sql)}");
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public void Normalize_RandomLiteralsInMultiStatementText_NoLiteralSurvivesInAnySlice()
    {
        for (int seed = 0; seed < 300; seed++)
        {
            var random = new Random(seed);
            var parts = new List<(string Text, string[] Secrets)>();
            for (int i = 0; i < 3; i++)
            {
                parts.Add(Literal(random, dollarOnly: false));
            }

            // Statement ranges as the proxy gets them (one per statement, semicolons excluded), over a
            // text whose UTF-16 indices and UTF-8 offsets differ.
            string[] statements = [$"SELECT {parts[0].Text} AS \"列\"", $"\nCOMMENT ON TABLE t IS {parts[1].Text}", $" SET x.y = {parts[2].Text}"];
            string sql = string.Join(";", statements);
            string[] secrets = parts.SelectMany(p => p.Secrets).ToArray();
            int start = 0;
            foreach (string statement in statements)
            {
                string normalized = StatementNormalizer.Normalize(sql.Substring(start, statement.Length));
                Assert.False(secrets.Any(s => normalized.Contains(s, StringComparison.Ordinal)), $"seed {seed}: {Escape(normalized)} from {Escape(sql)}");
                Assert.False(normalized.StartsWith('<'), $"seed {seed}: {Escape(normalized)} from {Escape(statement)}");
                start += statement.Length + 1;
            }
        }
    }

    /// <summary>A literal in a random form, and substrings of it that must not appear in the output.</summary>
    private static (string Text, string[] Secrets) Literal(Random random, bool dollarOnly)
    {
        if (!dollarOnly && random.Next(4) == 0)
        {
            (string number, string digits) = Number(random);
            return (number, [digits]);
        }

        string value = Value(random);
        string text = (dollarOnly ? 2 : random.Next(5)) switch
        {
            0 => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'",
            1 => "E'" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", random.Next(2) == 0 ? "\\'" : "''", StringComparison.Ordinal) + "'",
            2 => DollarQuoted(random, value),
            3 => UnicodeEscaped(random, value),
            _ => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'\n  '" + AsciiMarker + "'",
        };
        return (text, [AsciiMarker, CjkMarker]);
    }

    private static string Value(Random random)
    {
        // Quotes, backslashes, dollars, comment starters, semicolons, newlines, CJK and an astral
        // character around the markers, so that any mistake in finding a literal's end shows.
        string[] pieces = ["'", "''", "\\", "$", "$$", "$t$", "--", "/*", "*/", ";", "\n", " ", "a", "7", "中文", "😀", "\"", "E'", "U&"];
        var builder = new StringBuilder();
        int count = random.Next(0, 6);
        for (int i = 0; i < count; i++)
        {
            builder.Append(pieces[random.Next(pieces.Length)]);
        }

        builder.Append(random.Next(2) == 0 ? AsciiMarker : CjkMarker);
        count = random.Next(0, 6);
        for (int i = 0; i < count; i++)
        {
            builder.Append(pieces[random.Next(pieces.Length)]);
        }

        builder.Append(AsciiMarker + CjkMarker);
        return builder.ToString();
    }

    private static string DollarQuoted(Random random, string value)
    {
        while (true)
        {
            string tag = random.Next(3) == 0 ? string.Empty : "q" + random.Next(100).ToString(CultureInfo.InvariantCulture);
            string delimiter = "$" + tag + "$";

            // The body ends at the first delimiter: it must be the closing one.
            if ((value + delimiter).IndexOf(delimiter, StringComparison.Ordinal) == value.Length)
            {
                return delimiter + value + delimiter;
            }
        }
    }

    private static string UnicodeEscaped(Random random, string value)
    {
        var builder = new StringBuilder("U&'");
        foreach (char c in value)
        {
            if (c == '\'')
            {
                builder.Append("''");
            }
            else if (c == '\\')
            {
                builder.Append(@"\\");
            }
            else if (c == 'a' && random.Next(2) == 0)
            {
                builder.Append(@"\0061");
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.Append('\'').ToString();
    }

    private static (string Text, string Digits) Number(Random random)
    {
        // At least six digits, so the digits cannot coincide with placeholder numbers.
        long integer = random.NextInt64(100_000, 10_000_000_000);
        string digits = integer.ToString(CultureInfo.InvariantCulture);
        string text = random.Next(5) switch
        {
            0 => digits,
            1 => "-" + digits,
            2 => digits + "." + random.Next(1000, 9999).ToString(CultureInfo.InvariantCulture),
            3 => digits + "e-" + random.Next(1, 30).ToString(CultureInfo.InvariantCulture),
            _ => digits + "00000000000000000000",
        };
        return (text, digits);
    }

    private static string Escape(string text) => text.Replace("\n", "\\n", StringComparison.Ordinal);
}
