using System.Globalization;
using System.Text;
using MaskingProxy.Proxy.Tests.Infrastructure;
using MaskingProxy.Proxy.Tests.Support;
using Npgsql;
using NpgsqlTypes;
using Xunit;

namespace MaskingProxy.Proxy.Tests.Postgres;

/// <summary>COPY in both directions through the proxy (SPEC §5), text and binary, small and large.</summary>
[Collection(PostgresCollection.Name)]
public sealed class CopyTests(PostgresServer postgres)
{
    private const int Rows = 10_000;

    private static string Label(int i) => $"row {i} \u00e9\u4e2d\\tab";

    [Fact]
    public async Task CopyTextIn_TenThousandRows_TextExportReturnsSameRows()
    {
        await using var proxy = RunningProxy.Start(postgres);
        await using var connection = await proxy.OpenAsync();
        await ExecuteAsync(connection, "create temp table copy_text (id int primary key, label text, amount numeric)");

        await using (var writer = await connection.BeginTextImportAsync("copy copy_text (id, label, amount) from stdin"))
        {
            for (var i = 0; i < Rows; i++)
            {
                // Text format escapes the backslash in the label.
                await writer.WriteAsync($"{i}\t{Label(i).Replace("\\", "\\\\", StringComparison.Ordinal)}\t{i}.25\n");
            }
        }

        Assert.Equal((long)Rows, await ScalarAsync(connection, "select count(*) from copy_text"));

        var seen = 0;
        using (var reader = await connection.BeginTextExportAsync("copy (select id, label, amount from copy_text order by id) to stdout"))
        {
            while (await reader.ReadLineAsync() is { } line)
            {
                var fields = line.Split('\t');
                Assert.Equal(seen.ToString(CultureInfo.InvariantCulture), fields[0]);
                Assert.Equal(Label(seen), fields[1].Replace("\\\\", "\\", StringComparison.Ordinal));
                Assert.Equal($"{seen}.25", fields[2]);
                seen++;
            }
        }
        Assert.Equal(Rows, seen);
        await AssertUsableAsync(connection);
    }

    [Fact]
    public async Task CopyBinaryIn_TenThousandRows_BinaryExportReturnsSameRows()
    {
        await using var proxy = RunningProxy.Start(postgres);
        await using var connection = await proxy.OpenAsync();
        await ExecuteAsync(connection, "create temp table copy_bin (id int8, label text, payload bytea, at timestamptz, tags text[])");
        var epoch = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);

        await using (var importer = await connection.BeginBinaryImportAsync("copy copy_bin (id, label, payload, at, tags) from stdin (format binary)"))
        {
            for (var i = 0; i < Rows; i++)
            {
                await importer.StartRowAsync();
                await importer.WriteAsync((long)i, NpgsqlDbType.Bigint);
                await importer.WriteAsync(Label(i), NpgsqlDbType.Text);
                await importer.WriteAsync(Payload(i), NpgsqlDbType.Bytea);
                await importer.WriteAsync(epoch.AddSeconds(i), NpgsqlDbType.TimestampTz);
                await importer.WriteAsync(new[] { "a" + i, "b" }, NpgsqlDbType.Array | NpgsqlDbType.Text);
            }
            Assert.Equal((ulong)Rows, await importer.CompleteAsync());
        }

        var seen = 0;
        await using (var exporter = await connection.BeginBinaryExportAsync("copy (select id, label, payload, at, tags from copy_bin order by id) to stdout (format binary)"))
        {
            while (await exporter.StartRowAsync() != -1)
            {
                Assert.Equal((long)seen, await exporter.ReadAsync<long>(NpgsqlDbType.Bigint));
                Assert.Equal(Label(seen), await exporter.ReadAsync<string>(NpgsqlDbType.Text));
                Assert.Equal(Payload(seen), await exporter.ReadAsync<byte[]>(NpgsqlDbType.Bytea));
                Assert.Equal(epoch.AddSeconds(seen), await exporter.ReadAsync<DateTime>(NpgsqlDbType.TimestampTz));
                Assert.Equal(new[] { "a" + seen, "b" }, await exporter.ReadAsync<string[]>(NpgsqlDbType.Array | NpgsqlDbType.Text));
                seen++;
            }
        }
        Assert.Equal(Rows, seen);
        await AssertUsableAsync(connection);
    }

    [Fact]
    public async Task CopyTextIn_BadRowMidStream_ServerErrorRelayedAndConnectionUsable()
    {
        await using var proxy = RunningProxy.Start(postgres);
        await using var connection = await proxy.OpenAsync();
        await ExecuteAsync(connection, "create temp table copy_bad (id int, label text)");

        var error = await Assert.ThrowsAsync<PostgresException>(async () =>
        {
            await using var writer = await connection.BeginTextImportAsync("copy copy_bad from stdin");
            for (var i = 0; i < 5000; i++)
            {
                await writer.WriteAsync(i == 2500 ? "not-a-number\tbad\n" : $"{i}\tok\n");
            }
        });

        Assert.Equal(PostgresErrorCodes.InvalidTextRepresentation, error.SqlState);
        Assert.Contains("not-a-number", error.MessageText, StringComparison.Ordinal);
        Assert.Equal(0L, await ScalarAsync(connection, "select count(*) from copy_bad"));
        await AssertUsableAsync(connection);
    }

    [Fact]
    public async Task CopyBinaryIn_BadFieldMidStream_ServerErrorRelayedAndConnectionUsable()
    {
        await using var proxy = RunningProxy.Start(postgres);
        await using var connection = await proxy.OpenAsync();
        await ExecuteAsync(connection, "create temp table copy_bad_bin (id int, label text)");

        var error = await Assert.ThrowsAsync<PostgresException>(async () =>
        {
            await using var importer = await connection.BeginBinaryImportAsync("copy copy_bad_bin from stdin (format binary)");
            for (var i = 0; i < 3000; i++)
            {
                await importer.StartRowAsync();
                // Row 1500 sends an 8-byte int8 where the int4 column expects 4 bytes.
                if (i == 1500)
                {
                    await importer.WriteAsync((long)i, NpgsqlDbType.Bigint);
                }
                else
                {
                    await importer.WriteAsync(i, NpgsqlDbType.Integer);
                }
                await importer.WriteAsync("x", NpgsqlDbType.Text);
            }
            await importer.CompleteAsync();
        });

        Assert.Equal(PostgresErrorCodes.InvalidBinaryRepresentation, error.SqlState);
        Assert.Equal(0L, await ScalarAsync(connection, "select count(*) from copy_bad_bin"));
        await AssertUsableAsync(connection);
    }

    [Fact]
    public async Task CopyTextIn_ClientCancels_NothingStoredAndConnectionUsable()
    {
        await using var proxy = RunningProxy.Start(postgres);
        await using var connection = await proxy.OpenAsync();
        await ExecuteAsync(connection, "create temp table copy_cancel (id int)");

        // Cancel ends the COPY; the writer is not disposed afterwards (there is nothing left to flush to).
        var writer = (NpgsqlCopyTextWriter)await connection.BeginTextImportAsync("copy copy_cancel from stdin");
        for (var i = 0; i < 1000; i++)
        {
            await writer.WriteAsync($"{i}\n");
        }
        // The rows reach the server first; then CopyFail makes it abort the COPY (57014, which
        // Npgsql expects and swallows).
        await writer.FlushAsync();
        await writer.CancelAsync();

        Assert.Equal(0L, await ScalarAsync(connection, "select count(*) from copy_cancel"));
        await AssertUsableAsync(connection);
    }

    [Fact]
    public async Task CopyTextIn_FiftyMegabytes_Completes()
    {
        await using var proxy = RunningProxy.Start(postgres);
        await using var connection = await proxy.OpenAsync();
        // Only the row count and total length are checked, so the rows need not be kept: a
        // trigger that returns NULL keeps the server from writing 50 MB of heap.
        await ExecuteAsync(connection, """
            create temp table copy_big (id int, body text);
            create temp table copy_big_totals (rows bigint, bytes bigint);
            insert into copy_big_totals values (0, 0);
            create function pg_temp.copy_big_sink() returns trigger language plpgsql as $$
            begin
              update copy_big_totals set rows = rows + 1, bytes = bytes + length(new.body);
              return null;
            end $$;
            create trigger copy_big_sink before insert on copy_big for each row execute function pg_temp.copy_big_sink();
            """);
        const int lineCount = 27_000;
        var body = new string('x', 2000);
        long expectedBytes = 0;

        await using (var writer = await connection.BeginTextImportAsync("copy copy_big from stdin"))
        {
            var line = new StringBuilder(2100);
            for (var i = 0; i < lineCount; i++)
            {
                line.Clear().Append(i).Append('\t').Append(body).Append('\n');
                expectedBytes += line.Length;
                await writer.WriteAsync(line);
            }
        }

        Assert.True(expectedBytes >= 50L * 1024 * 1024, $"only {expectedBytes} bytes sent");
        await using var command = new NpgsqlCommand("select rows, bytes from copy_big_totals", connection);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal((long)lineCount, reader.GetInt64(0));
        Assert.Equal((long)lineCount * body.Length, reader.GetInt64(1));
    }

    /// <summary>
    /// One CopyData message far bigger than the proxy's buffers (and over max_message_bytes): it
    /// must stream through in pieces, not be buffered or refused.
    /// </summary>
    [Fact]
    public async Task CopyIn_SingleCopyDataMessageLargerThanMessageLimit_StreamsThrough()
    {
        var limits = MaskingProxy.Proxy.Hosting.LimitsConfig.Default with { MaxMessageBytes = 1024 * 1024 };
        await using var proxy = RunningProxy.Start(postgres, limits: limits);
        await using var client = await RawPgClient.LoginAsync(proxy.Port, PostgresServer.TrustUser, PostgresServer.AppDatabase);
        await client.SendAsync(RawPgClient.Query("create temp table copy_one (id int, body text)"));
        await client.ReadUntilReadyAsync();

        const int rows = 2000;
        var data = new StringBuilder();
        for (var i = 0; i < rows; i++)
        {
            data.Append(i).Append('\t').Append('y', 2000).Append('\n');
        }
        var payload = Encoding.ASCII.GetBytes(data.ToString());
        Assert.True(payload.Length > limits.MaxMessageBytes);

        await client.SendAsync(RawPgClient.Query("copy copy_one from stdin"));
        var start = await client.ReadAsync();
        Assert.Equal('G', start?.Code);
        await client.SendAsync([.. RawPgClient.Message('d', payload), .. RawPgClient.Message('c', [])]);
        var done = await client.ReadUntilReadyAsync();
        Assert.Equal("C,Z(I)", RawPgClient.Describe(done));
        Assert.Equal($"COPY {rows}", Encoding.ASCII.GetString(done[0].Body).TrimEnd('\0'));

        await client.SendAsync(RawPgClient.Query("select count(*), sum(length(body)) from copy_one"));
        var result = await client.ReadUntilReadyAsync();
        var row = result.Single(m => m.Code == 'D').Body;
        Assert.Contains($"{rows}", Encoding.ASCII.GetString(row), StringComparison.Ordinal);
        Assert.Contains($"{rows * 2000}", Encoding.ASCII.GetString(row), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CopyIn_ExtendedProtocolWithSync_RowsStoredAndSessionContinues()
    {
        await using var proxy = RunningProxy.Start(postgres);
        await using var client = await RawPgClient.LoginAsync(proxy.Port, PostgresServer.TrustUser, PostgresServer.AppDatabase);
        await client.SendAsync(RawPgClient.Query("create temp table copy_ext (id int, label text)"));
        await client.ReadUntilReadyAsync();

        await client.SendAsync([
            .. RawPgClient.Parse("", "copy copy_ext from stdin"), .. RawPgClient.Bind("", ""), .. RawPgClient.Execute(""),
            .. RawPgClient.Flush(),
        ]);
        Assert.Equal('1', (await client.ReadAsync())?.Code);
        Assert.Equal('2', (await client.ReadAsync())?.Code);
        Assert.Equal('G', (await client.ReadAsync())?.Code);
        await client.SendAsync([
            .. RawPgClient.Message('d', Encoding.ASCII.GetBytes("1\tone\n2\ttwo\n")),
            .. RawPgClient.Message('d', Encoding.ASCII.GetBytes("3\tthree\n")),
            .. RawPgClient.Message('c', []),
            .. RawPgClient.Sync(),
        ]);
        var done = await client.ReadUntilReadyAsync();
        Assert.Equal("C,Z(I)", RawPgClient.Describe(done));
        Assert.Equal("COPY 3", Encoding.ASCII.GetString(done[0].Body).TrimEnd('\0'));

        await client.SendAsync(RawPgClient.Query("select string_agg(label, ',' order by id) from copy_ext"));
        var result = await client.ReadUntilReadyAsync();
        Assert.Contains("one,two,three", Encoding.UTF8.GetString(result.Single(m => m.Code == 'D').Body), StringComparison.Ordinal);
    }

    /// <summary>
    /// Control for the next test: an idle session is closed at once when the proxy drains.
    /// </summary>
    [Fact]
    public async Task Drain_IdleSessionAfterSimpleCopy_ClosedPromptly()
    {
        await using var proxy = RunningProxy.Start(postgres, limits: MaskingProxy.Proxy.Hosting.LimitsConfig.Default with { DrainTimeout = TimeSpan.FromSeconds(4) });
        await using var client = await RawPgClient.LoginAsync(proxy.Port, PostgresServer.TrustUser, PostgresServer.AppDatabase);
        await client.SendAsync(RawPgClient.Query("create temp table copy_drain (id int)"));
        await client.ReadUntilReadyAsync();
        await client.SendAsync(RawPgClient.Query("copy copy_drain from stdin"));
        Assert.Equal('G', (await client.ReadAsync())?.Code);
        await client.SendAsync([.. RawPgClient.Message('d', Encoding.ASCII.GetBytes("1\n")), .. RawPgClient.Message('c', [])]);
        Assert.Equal("C,Z(I)", RawPgClient.Describe(await client.ReadUntilReadyAsync()));

        await AssertDrainClosesIdleSessionPromptlyAsync(proxy, client);
    }

    /// <summary>
    /// libpq (PQexecParams / PQsendQueryParams with a COPY ... FROM STDIN) and tokio-postgres send
    /// Sync right after Execute and another one after CopyDone. The server ignores Sync and Flush in
    /// copy-in mode ("for the convenience of client libraries", copyfromparse.c), so the two Syncs
    /// yield one ReadyForQuery. The session is idle afterwards and must drain like any idle session.
    /// </summary>
    [Fact]
    public async Task Drain_IdleSessionAfterExtendedCopyWithSyncInCopyMode_ClosedPromptly()
    {
        await using var proxy = RunningProxy.Start(postgres, limits: MaskingProxy.Proxy.Hosting.LimitsConfig.Default with { DrainTimeout = TimeSpan.FromSeconds(4) });
        await using var client = await RawPgClient.LoginAsync(proxy.Port, PostgresServer.TrustUser, PostgresServer.AppDatabase);
        await client.SendAsync(RawPgClient.Query("create temp table copy_drain (id int)"));
        await client.ReadUntilReadyAsync();

        await client.SendAsync([
            .. RawPgClient.Parse("", "copy copy_drain from stdin"), .. RawPgClient.Bind("", ""), .. RawPgClient.Execute(""),
            .. RawPgClient.Sync(),
        ]);
        Assert.Equal("1,2,G", Codes(await ReadCountAsync(client, 3)));
        await client.SendAsync([.. RawPgClient.Message('d', Encoding.ASCII.GetBytes("1\n2\n")), .. RawPgClient.Message('c', []), .. RawPgClient.Sync()]);
        // Exactly one ReadyForQuery: the Sync sent during copy-in mode was ignored by the server.
        Assert.Equal("C,Z(I)", RawPgClient.Describe(await client.ReadUntilReadyAsync()));
        await client.SendAsync(RawPgClient.Query("select count(*) from copy_drain"));
        Assert.Equal("T,D,C,Z(I)", RawPgClient.Describe(await client.ReadUntilReadyAsync()));

        await AssertDrainClosesIdleSessionPromptlyAsync(proxy, client);
    }

    private static async Task AssertDrainClosesIdleSessionPromptlyAsync(RunningProxy proxy, RawPgClient client)
    {
        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        await proxy.Server.StopAsync();
        stopwatch.Stop();

        var goodbye = await client.ReadUntilClosedAsync();
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(2), $"draining an idle session took {stopwatch.Elapsed} (drain bound 4 s)");
        var fatal = Assert.Single(goodbye);
        Assert.Equal("57P01", RawPgClient.Field(fatal.Body, 'C'));
    }

    private static async Task<List<(char Code, byte[] Body)>> ReadCountAsync(RawPgClient client, int count)
    {
        var messages = new List<(char, byte[])>();
        for (var i = 0; i < count; i++)
        {
            messages.Add(await client.ReadAsync(TimeSpan.FromSeconds(10)) ?? throw new IOException("connection closed after " + RawPgClient.Describe(messages)));
        }
        return messages;
    }

    private static string Codes(IEnumerable<(char Code, byte[] Body)> messages) => string.Join(",", messages.Select(m => m.Code));

    [Fact]
    public async Task CopyOut_LargeExport_StreamsAllRows()
    {
        await using var proxy = RunningProxy.Start(postgres);
        await using var connection = await proxy.OpenAsync();

        long lines = 0;
        long chars = 0;
        using (var reader = await connection.BeginTextExportAsync("copy (select i, repeat('z', 500) from generate_series(1, 40000) i) to stdout"))
        {
            while (await reader.ReadLineAsync() is { } line)
            {
                lines++;
                chars += line.Length;
            }
        }

        Assert.Equal(40_000, lines);
        Assert.True(chars > 40_000L * 500);
        await AssertUsableAsync(connection);
    }

    private static byte[] Payload(int i) => [(byte)i, (byte)(i >> 8), 0, 255, (byte)(i % 7)];

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<object?> ScalarAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }

    private static async Task AssertUsableAsync(NpgsqlConnection connection) =>
        Assert.Equal("still here", await ScalarAsync(connection, "select 'still here'"));
}
