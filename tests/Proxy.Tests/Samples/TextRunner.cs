using MaskingProxy.SqlRewriter.Masks;
using MaskingProxy.SqlRewriter.Policies;
using MaskingProxy.SqlRewriter.Postgres.Interop;
using MaskingProxy.SqlRewriter.Rewriting;
using Npgsql;

namespace MaskingProxy.Proxy.Tests.Samples;

/// <summary>
/// Runs a (rewritten) text on the real database the way the proxy relays it: statement by statement on
/// one session, stopping at the first error like a simple Query, every value read in text format, and
/// hash masks applied to the result columns the rewriter lists in <see cref="RewriteResult.ValueTransforms"/>.
/// </summary>
public static class TextRunner
{
    /// <summary>The pseudonym key the tests use in place of the proxy's MASKING_HASH_KEY.</summary>
    public static byte[] HashKey { get; } = "sample-tests-pseudonym-key-0123456789"u8.ToArray();

    public static async Task<TextRun> RunAsync(string connectionString, string text, IReadOnlyList<ValueTransformColumn>? transforms = null)
    {
        var run = new TextRun();
        await using var connection = new NpgsqlConnection(connectionString);
        connection.Notice += (_, e) => run.Notices.Add(string.Join(" | ", e.Notice.MessageText, e.Notice.Detail, e.Notice.Hint, e.Notice.Where));
        await connection.OpenAsync();

        var statements = PgQuery.Split(text);
        for (var index = 0; index < statements.Count; index++)
        {
            var statement = statements[index].GetText(text);
            try
            {
                if (IsCopyOut(statement))
                {
                    using var reader = await connection.BeginTextExportAsync(statement);
                    var lines = new List<string?[]>();
                    while (await reader.ReadLineAsync() is { } line)
                    {
                        lines.Add([line]);
                    }

                    run.Results.Add(new ResultSet(index, ["COPY"], lines));
                }
                else
                {
                    await ReadResultsAsync(connection, statement, index, transforms ?? [], run);
                }
            }
            catch (PostgresException ex)
            {
                run.ErrorSqlState = ex.SqlState;
                run.Error = string.Join(" | ", ex.MessageText, ex.Detail, ex.Hint, ex.Where, ex.InternalQuery);
                break;
            }
        }

        return run;
    }

    private static async Task ReadResultsAsync(NpgsqlConnection connection, string statement, int index, IReadOnlyList<ValueTransformColumn> transforms, TextRun run)
    {
        // Text format for every column: what psql shows, what the proxy hashes, and no type mapping needed
        // for records, arrays or XML.
        await using var command = new NpgsqlCommand(statement, connection) { AllResultTypesAreUnknown = true };
        await using var reader = await command.ExecuteReaderAsync();
        do
        {
            if (reader.FieldCount == 0)
            {
                continue;
            }

            var columns = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToList();
            var rows = new List<string?[]>();
            while (await reader.ReadAsync())
            {
                var row = new string?[reader.FieldCount];
                for (var i = 0; i < row.Length; i++)
                {
                    row[i] = reader.IsDBNull(i) ? null : reader.GetString(i);
                }

                foreach (var transform in transforms.Where(t => t.StatementIndex == index))
                {
                    var hash = (HashMask)transform.Mask;
                    row[transform.OutputIndex] = HmacSm3Pseudonym.Compute(HashKey, row[transform.OutputIndex], hash.Length);
                }

                rows.Add(row);
            }

            run.Results.Add(new ResultSet(index, columns, rows));
        }
        while (await reader.NextResultAsync());
    }

    private static bool IsCopyOut(string statement) =>
        statement.TrimStart().StartsWith("COPY", StringComparison.OrdinalIgnoreCase)
        && statement.Contains("STDOUT", StringComparison.OrdinalIgnoreCase);
}
