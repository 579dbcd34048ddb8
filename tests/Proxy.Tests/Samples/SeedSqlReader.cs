using System.Text;
using System.Text.RegularExpressions;

namespace MaskingProxy.Proxy.Tests.Samples;

/// <summary>
/// Reads the multi-row <c>INSERT INTO schema.table (columns) VALUES (...), (...);</c> statements that
/// scripts/gen-sample-data.py writes. Deliberately independent of the generator: the validity tests
/// check what the SQL file says, not what the script meant to write.
/// </summary>
public static partial class SeedSqlReader
{
    public static IReadOnlyList<SeedTable> ReadFile(string path) => Read(File.ReadAllText(path));

    public static IReadOnlyList<SeedTable> Read(string sql)
    {
        var tables = new List<SeedTable>();
        foreach (Match insert in InsertHeader().Matches(sql))
        {
            var columns = insert.Groups["columns"].Value.Split(',').Select(c => c.Trim()).ToList();
            var rows = new List<IReadOnlyList<string?>>();
            var position = insert.Index + insert.Length;
            while (true)
            {
                position = SkipWhitespace(sql, position);
                Expect(sql, position, '(');
                var (row, end) = ReadTuple(sql, position + 1);
                if (row.Count != columns.Count)
                {
                    throw new FormatException($"{insert.Groups["table"].Value}: a row has {row.Count} values for {columns.Count} columns near offset {position}");
                }

                rows.Add(row);
                position = SkipWhitespace(sql, end);
                if (sql[position] == ';')
                {
                    break;
                }

                Expect(sql, position, ',');
                position++;
            }

            tables.Add(new SeedTable(insert.Groups["schema"].Value, insert.Groups["table"].Value, columns, rows));
        }

        return tables;
    }

    /// <summary>Reads values up to the closing parenthesis; returns them and the offset after it.</summary>
    private static (List<string?> Values, int End) ReadTuple(string sql, int position)
    {
        var values = new List<string?>();
        while (true)
        {
            position = SkipWhitespace(sql, position);
            if (sql[position] == '\'')
            {
                var text = new StringBuilder();
                position++;
                while (true)
                {
                    if (sql[position] == '\'' && position + 1 < sql.Length && sql[position + 1] == '\'')
                    {
                        text.Append('\'');
                        position += 2;
                    }
                    else if (sql[position] == '\'')
                    {
                        position++;
                        break;
                    }
                    else
                    {
                        text.Append(sql[position++]);
                    }
                }

                values.Add(text.ToString());
            }
            else
            {
                var start = position;
                while (sql[position] is not (',' or ')'))
                {
                    position++;
                }

                var token = sql[start..position].Trim();
                values.Add(token.Equals("NULL", StringComparison.OrdinalIgnoreCase) ? null : token);
            }

            position = SkipWhitespace(sql, position);
            if (sql[position] == ')')
            {
                return (values, position + 1);
            }

            Expect(sql, position, ',');
            position++;
        }
    }

    private static int SkipWhitespace(string sql, int position)
    {
        while (position < sql.Length && char.IsWhiteSpace(sql[position]))
        {
            position++;
        }

        return position;
    }

    private static void Expect(string sql, int position, char expected)
    {
        if (position >= sql.Length || sql[position] != expected)
        {
            throw new FormatException($"expected '{expected}' at offset {position}");
        }
    }

    [GeneratedRegex(@"^INSERT INTO (?<schema>\w+)\.(?<table>\w+) \((?<columns>[^)]*)\) VALUES", RegexOptions.Multiline)]
    private static partial Regex InsertHeader();
}
