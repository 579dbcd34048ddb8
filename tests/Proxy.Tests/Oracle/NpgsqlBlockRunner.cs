using System.Text;
using System.Text.RegularExpressions;
using MaskingProxy.Proxy.Tests.Samples;
using MaskingProxy.SqlRewriter.Postgres.Interop;
using Npgsql;
using NpgsqlTypes;

namespace MaskingProxy.Proxy.Tests.Oracle;

/// <summary>
/// Runs one corpus block on a fresh session with Npgsql and records everything the client receives
/// (<see cref="ClientOutput"/>). The same code runs against the proxy and straight against PostgreSQL,
/// so the two can be compared.
/// </summary>
public static partial class NpgsqlBlockRunner
{
    /// <param name="runs">
    /// How many times the block runs on the one connection: from the second run on, a masked text
    /// parsed as the unnamed statement binds the statement the proxy kept on the server.
    /// </param>
    public static async Task<ClientOutput> RunAsync(string connectionString, string block, ResultFormat format, int runs = 1)
    {
        ArgumentNullException.ThrowIfNull(block);
        var output = new ClientOutput();
        await using var connection = new NpgsqlConnection(connectionString);
        connection.Notice += (_, e) => output.AddNotice(e.Notice);
        connection.Notification += (_, e) => output.AddNotification(e.Channel, e.Payload);
        await connection.OpenAsync();
        try
        {
            for (var run = 0; run < runs; run++)
            {
                if (IsCopyOut(block))
                {
                    await ReadCopyAsync(connection, block, format, output);
                }
                else if (format == ResultFormat.Text)
                {
                    await ReadTextCommandAsync(connection, block, output);
                }
                else
                {
                    await ReadBinaryBatchAsync(connection, block, output);
                }
            }
        }
        catch (PostgresException ex)
        {
            output.AddError(ex);
        }

        await CheckSessionAsync(connection, output);
        output.AddParameterStatus(connection.PostgresParameters);
        return output;
    }

    private static bool IsCopyOut(string block) =>
        block.TrimStart().StartsWith("COPY", StringComparison.OrdinalIgnoreCase) && block.Contains("TO STDOUT", StringComparison.OrdinalIgnoreCase);

    /// <summary>Npgsql splits the block itself and pipelines the statements, every column in text format.</summary>
    private static async Task ReadTextCommandAsync(NpgsqlConnection connection, string block, ClientOutput output)
    {
        await using var command = new NpgsqlCommand(block, connection) { AllResultTypesAreUnknown = true };
        await using var reader = await command.ExecuteReaderAsync();
        await ReadResultsAsync(reader, output, i => reader.GetString(i));
    }

    /// <summary>One batch command per statement (split like the proxy splits), binary results.</summary>
    private static async Task ReadBinaryBatchAsync(NpgsqlConnection connection, string block, ClientOutput output)
    {
        await using var batch = new NpgsqlBatch(connection);
        foreach (var statement in PgQuery.Split(block))
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand(statement.GetText(block)));
        }

        await using var reader = await batch.ExecuteReaderAsync();
        await ReadResultsAsync(reader, output, i => BinaryCell(reader, i, output));
    }

    /// <summary>
    /// The cell decoded as Npgsql's default .NET type (NpgsqlInterval where an interval has months, which
    /// TimeSpan cannot hold), as text. Npgsql cannot decode a table row type in binary at all (it does
    /// not load them, and has no unmapped-composite reader): such a cell is counted as undecodable, so
    /// that a masked run can insist there are none instead of silently not searching them.
    /// </summary>
    private static string? BinaryCell(NpgsqlDataReader reader, int ordinal, ClientOutput output)
    {
        try
        {
            return CellText.Format(reader.GetValue(ordinal));
        }
        catch (InvalidCastException) when (reader.GetDataTypeName(ordinal) == "interval")
        {
            return CellText.Format(reader.GetFieldValue<NpgsqlInterval>(ordinal));
        }
        catch (InvalidCastException)
        {
            output.UndecodableCells++;
            return $"<undecodable {reader.GetDataTypeName(ordinal)}>";
        }
    }

    private static async Task ReadResultsAsync(NpgsqlDataReader reader, ClientOutput output, Func<int, string?> cell)
    {
        var index = 0;
        do
        {
            if (reader.FieldCount > 0)
            {
                var columns = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToList();
                var rows = new List<string?[]>();
                try
                {
                    while (await reader.ReadAsync())
                    {
                        rows.Add(Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? null : cell(i)).ToArray());
                    }
                }
                finally
                {
                    // Rows that arrived before an error are output too, and must be searched.
                    output.AddResult(new ResultSet(index, columns, rows));
                }
            }

            index++;
        }
        while (await reader.NextResultAsync());
    }

    private static async Task ReadCopyAsync(NpgsqlConnection connection, string block, ResultFormat format, ClientOutput output)
    {
        // Data that arrived before an error is output too, hence the finally blocks.
        if (format == ResultFormat.Text)
        {
            var text = new StringBuilder();
            try
            {
                using var reader = await connection.BeginTextExportAsync(block);
                while (await reader.ReadLineAsync() is { } line)
                {
                    text.AppendLine(line);
                }
            }
            finally
            {
                output.AddCopyData(text.ToString());
            }

            return;
        }

        // Raw binary COPY refuses a text transfer, so the block's own format options give way to
        // FORMAT binary: field values arrive as their binary send forms, text columns as UTF-8 bytes.
        using var buffer = new MemoryStream();
        try
        {
            await using var stream = await connection.BeginRawBinaryCopyAsync(CopyTarget().Replace(block, " TO STDOUT (FORMAT binary)"));
            await stream.CopyToAsync(buffer);
        }
        finally
        {
            output.AddCopyData(Encoding.UTF8.GetString(buffer.ToArray()));
        }
    }

    /// <summary>
    /// Ends whatever transaction the block left open and runs SELECT 1: a denial or error in the middle of
    /// a block must leave the session usable and in protocol sync (SPEC §4).
    /// </summary>
    private static async Task CheckSessionAsync(NpgsqlConnection connection, ClientOutput output)
    {
        output.BlockDone = true;
        try
        {
            await using (var rollback = new NpgsqlCommand("ROLLBACK", connection))
            {
                await rollback.ExecuteNonQueryAsync();
            }

            await using var probe = new NpgsqlCommand("SELECT 1", connection);
            if (await probe.ExecuteScalarAsync() is not 1)
            {
                output.SessionUsable = false;
                output.SessionProblem = "SELECT 1 did not return 1";
            }
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException)
        {
            output.SessionUsable = false;
            output.SessionProblem = ex.Message;
        }
    }

    [GeneratedRegex(@"\s+TO\s+STDOUT\b.*$", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex CopyTarget();
}
