using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using MaskingProxy.Proxy.Tests.Infrastructure;
using MaskingProxy.Proxy.Tests.Support;
using Npgsql;
using NpgsqlTypes;
using Xunit;

namespace MaskingProxy.Proxy.Tests.Postgres;

/// <summary>
/// The extended query protocol (Parse/Bind/Describe/Execute/Sync/Close/Flush; named and unnamed
/// statements and portals; pipelining), binary results, notices, notifications and parameter status
/// through the proxy (SPEC §5).
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ExtendedQueryTests(PostgresServer postgres)
{
    [Fact]
    public async Task ParameterizedQuery_MixedParameters_ServerSeesValues()
    {
        await using var proxy = RunningProxy.Start(postgres);
        await using var connection = await proxy.OpenAsync();
        await using var command = new NpgsqlCommand("select @a::int + @b, @s || '!', @n::text is null", connection);
        command.Parameters.AddWithValue("a", 40);
        command.Parameters.AddWithValue("b", 2);
        command.Parameters.AddWithValue("s", "it's \"quoted\"; drop table x; --");
        command.Parameters.Add(new NpgsqlParameter("n", NpgsqlDbType.Text) { Value = DBNull.Value });

        await using var reader = await command.ExecuteReaderAsync();

        Assert.True(await reader.ReadAsync());
        Assert.Equal(42, reader.GetInt32(0));
        Assert.Equal("it's \"quoted\"; drop table x; --!", reader.GetString(1));
        Assert.True(reader.GetBoolean(2));
    }

    [Fact]
    public async Task PreparedCommand_ExecutedManyTimes_EachResultMatchesItsParameters()
    {
        await using var proxy = RunningProxy.Start(postgres);
        await using var connection = await proxy.OpenAsync();
        await using var command = new NpgsqlCommand("select $1 * 2, repeat('a', $1)", connection);
        var parameter = new NpgsqlParameter<int> { NpgsqlDbType = NpgsqlDbType.Integer };
        command.Parameters.Add(parameter);
        await command.PrepareAsync();
        Assert.True(command.IsPrepared);

        for (var i = 0; i < 200; i++)
        {
            parameter.TypedValue = i;
            await using var reader = await command.ExecuteReaderAsync();
            Assert.True(await reader.ReadAsync());
            Assert.Equal(i * 2, reader.GetInt32(0));
            Assert.Equal(i, reader.GetString(1).Length);
        }

        // The statement really lives at the server, under a name the client chose.
        await using var check = new NpgsqlCommand("select count(*) from pg_prepared_statements where statement = 'select $1 * 2, repeat(''a'', $1)'", connection);
        Assert.Equal(1L, await check.ExecuteScalarAsync());
    }

    [Fact]
    public async Task BinaryResults_CommonTypes_RoundTrip()
    {
        await using var proxy = RunningProxy.Start(postgres);
        await using var connection = await proxy.OpenAsync();
        var timestamp = new DateTime(2024, 2, 29, 13, 45, 12, 345, DateTimeKind.Unspecified).AddTicks(6780);
        var blob = new byte[300_000];
        new Random(7).NextBytes(blob);
        var tags = new[] { "alpha", "", null, "δέλτα", "with,comma" };
        var id = Guid.NewGuid();
        const string json = """{"name": "Zoë", "n": [1, 2.5, null], "nested": {"ok": true}}""";

        await using var command = new NpgsqlCommand(
            "select @i4, @i8, @num, @ts, @blob, @tags, @id, @json, @i4::int4 + 1, (@num * 2)::numeric, @ts + interval '1 day'", connection);
        command.Parameters.AddWithValue("i4", NpgsqlDbType.Integer, int.MinValue);
        command.Parameters.AddWithValue("i8", NpgsqlDbType.Bigint, long.MaxValue);
        command.Parameters.AddWithValue("num", NpgsqlDbType.Numeric, 12345678901234567.890123m);
        command.Parameters.AddWithValue("ts", NpgsqlDbType.Timestamp, timestamp);
        command.Parameters.AddWithValue("blob", NpgsqlDbType.Bytea, blob);
        command.Parameters.AddWithValue("tags", NpgsqlDbType.Array | NpgsqlDbType.Text, tags);
        command.Parameters.AddWithValue("id", NpgsqlDbType.Uuid, id);
        command.Parameters.AddWithValue("json", NpgsqlDbType.Jsonb, json);

        await using var reader = await command.ExecuteReaderAsync();

        Assert.True(await reader.ReadAsync());
        Assert.Equal(int.MinValue, reader.GetInt32(0));
        Assert.Equal(long.MaxValue, reader.GetInt64(1));
        Assert.Equal(12345678901234567.890123m, reader.GetDecimal(2));
        Assert.Equal(timestamp, reader.GetDateTime(3));
        Assert.Equal(blob, reader.GetFieldValue<byte[]>(4));
        Assert.Equal(tags, reader.GetFieldValue<string?[]>(5));
        Assert.Equal(id, reader.GetGuid(6));
        using (var expected = JsonDocument.Parse(json))
        using (var actual = JsonDocument.Parse(reader.GetString(7)))
        {
            Assert.True(JsonElement.DeepEquals(expected.RootElement, actual.RootElement), reader.GetString(7));
        }
        Assert.Equal(int.MinValue + 1, reader.GetInt32(8));
        Assert.Equal(24691357802469135.780246m, reader.GetDecimal(9));
        Assert.Equal(timestamp.AddDays(1), reader.GetDateTime(10));
        Assert.False(await reader.ReadAsync());
    }

    [Fact]
    public async Task BindAndDataRow_TwentyMegabyteValue_RoundTripsWhole()
    {
        await using var proxy = RunningProxy.Start(postgres);
        await using var connection = await proxy.OpenAsync();
        var value = string.Create(20 * 1024 * 1024, 0, (span, _) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = (char)('a' + (i * 7 % 26));
            }
        });
        await using var command = new NpgsqlCommand("select length($1), md5($1), $1", connection)
        {
            Parameters = { new NpgsqlParameter<string> { TypedValue = value } },
        };

        await using var reader = await command.ExecuteReaderAsync();

        Assert.True(await reader.ReadAsync());
        Assert.Equal(value.Length, reader.GetInt32(0));
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.MD5.HashData(Encoding.ASCII.GetBytes(value))), reader.GetString(1));
        Assert.Equal(value, reader.GetString(2));
    }

    [Fact]
    public async Task SimpleQuery_FiveMegabyteStatementText_Executes()
    {
        await using var proxy = RunningProxy.Start(postgres);
        await using var client = await RawPgClient.LoginAsync(proxy.Port, PostgresServer.TrustUser, PostgresServer.AppDatabase);
        var literal = new string('q', 5 * 1024 * 1024);

        await client.SendAsync(RawPgClient.Query($"select length('{literal}')"));
        var messages = await client.ReadUntilReadyAsync();

        Assert.Equal("T,D,C,Z(I)", RawPgClient.Describe(messages));
        Assert.Equal([literal.Length.ToString(System.Globalization.CultureInfo.InvariantCulture)], Values(messages));
    }

    [Fact]
    public async Task Batch_FiftyCommands_FiftyResultsInOrder()
    {
        await using var proxy = RunningProxy.Start(postgres);
        await using var connection = await proxy.OpenAsync();
        await using var batch = new NpgsqlBatch(connection);
        for (var i = 0; i < 50; i++)
        {
            var command = new NpgsqlBatchCommand(i % 2 == 0 ? "select $1::int, 'even'" : "select $1::int, 'odd' from generate_series(1, 2)");
            command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = i });
            batch.BatchCommands.Add(command);
        }

        await using var reader = await batch.ExecuteReaderAsync();

        for (var i = 0; i < 50; i++)
        {
            var expectedRows = i % 2 == 0 ? 1 : 2;
            for (var row = 0; row < expectedRows; row++)
            {
                Assert.True(await reader.ReadAsync(), $"result {i} row {row}");
                Assert.Equal(i, reader.GetInt32(0));
                Assert.Equal(i % 2 == 0 ? "even" : "odd", reader.GetString(1));
            }
            Assert.False(await reader.ReadAsync());
            Assert.Equal(i < 49, await reader.NextResultAsync());
        }
    }

    [Fact]
    public async Task Batch_ErrorInTheMiddle_LaterCommandsSkippedAndConnectionUsable()
    {
        await using var proxy = RunningProxy.Start(postgres);
        await using var connection = await proxy.OpenAsync();
        await using var batch = new NpgsqlBatch(connection)
        {
            BatchCommands = { new NpgsqlBatchCommand("select 1"), new NpgsqlBatchCommand("select 1/0"), new NpgsqlBatchCommand("select 3") },
        };

        var error = await Assert.ThrowsAsync<PostgresException>(async () =>
        {
            await using var reader = await batch.ExecuteReaderAsync();
            while (await reader.NextResultAsync())
            {
            }
        });

        Assert.Equal(PostgresErrorCodes.DivisionByZero, error.SqlState);
        await using var next = new NpgsqlCommand("select 'usable'", connection);
        Assert.Equal("usable", await next.ExecuteScalarAsync());
    }

    [Fact]
    public async Task NamedPortal_ExecuteMaxRowsTwo_PortalSuspendedThenContinued()
    {
        await using var proxy = RunningProxy.Start(postgres);
        await using var client = await RawPgClient.LoginAsync(proxy.Port, PostgresServer.TrustUser, PostgresServer.AppDatabase);

        await client.SendAsync([
            .. RawPgClient.Parse("five", "select g from generate_series(1, 5) g"),
            .. RawPgClient.Bind("cursor1", "five"),
            .. RawPgClient.Execute("cursor1", maxRows: 2),
            .. RawPgClient.Flush(),
        ]);
        var first = await ReadCountAsync(client, 5);
        Assert.Equal("1,2,D,D,s", Codes(first));
        Assert.Equal(["1", "2"], Values(first));

        await client.SendAsync([.. RawPgClient.Execute("cursor1", maxRows: 2), .. RawPgClient.Flush()]);
        var second = await ReadCountAsync(client, 3);
        Assert.Equal("D,D,s", Codes(second));
        Assert.Equal(["3", "4"], Values(second));

        await client.SendAsync([.. RawPgClient.Execute("cursor1", maxRows: 2), .. RawPgClient.Sync()]);
        var last = await client.ReadUntilReadyAsync();
        Assert.Equal("D,C,Z(I)", RawPgClient.Describe(last));
        Assert.Equal(["5"], Values(last));
        Assert.Equal("SELECT 1", Tag(last[1].Body));
    }

    [Fact]
    public async Task CloseStatement_ThenBind_Fails26000AndSessionRecovers()
    {
        await using var proxy = RunningProxy.Start(postgres);
        await using var client = await RawPgClient.LoginAsync(proxy.Port, PostgresServer.TrustUser, PostgresServer.AppDatabase);

        await client.SendAsync([.. RawPgClient.Parse("doomed", "select 1"), .. RawPgClient.Sync()]);
        Assert.Equal("1,Z(I)", RawPgClient.Describe(await client.ReadUntilReadyAsync()));

        await client.SendAsync([.. RawPgClient.Close('S', "doomed"), .. RawPgClient.Sync()]);
        Assert.Equal("3,Z(I)", RawPgClient.Describe(await client.ReadUntilReadyAsync()));

        await client.SendAsync([.. RawPgClient.Bind("", "doomed"), .. RawPgClient.Execute(""), .. RawPgClient.Sync()]);
        var failed = await client.ReadUntilReadyAsync();
        Assert.Equal("E(26000),Z(I)", RawPgClient.Describe(failed));
        Assert.Contains("doomed", RawPgClient.Field(failed[0].Body, 'M'), StringComparison.Ordinal);

        // The name is free again.
        await client.SendAsync([
            .. RawPgClient.Parse("doomed", "select 'again'"), .. RawPgClient.Bind("", "doomed"), .. RawPgClient.Execute(""), .. RawPgClient.Sync(),
        ]);
        var again = await client.ReadUntilReadyAsync();
        Assert.Equal("1,2,D,C,Z(I)", RawPgClient.Describe(again));
        Assert.Equal(["again"], Values(again));
    }

    [Fact]
    public async Task ClosePortal_ThenExecute_Fails34000()
    {
        await using var proxy = RunningProxy.Start(postgres);
        await using var client = await RawPgClient.LoginAsync(proxy.Port, PostgresServer.TrustUser, PostgresServer.AppDatabase);
        await client.SendAsync(RawPgClient.Query("begin"));
        await client.ReadUntilReadyAsync();

        await client.SendAsync([
            .. RawPgClient.Parse("", "select 1"), .. RawPgClient.Bind("p", ""), .. RawPgClient.Close('P', "p"),
            .. RawPgClient.Execute("p"), .. RawPgClient.Sync(),
        ]);

        Assert.Equal("1,2,3,E(34000),Z(E)", RawPgClient.Describe(await client.ReadUntilReadyAsync()));
    }

    [Fact]
    public async Task DescribeStatement_WithParameters_ReturnsParameterDescriptionAndRowDescription()
    {
        await using var proxy = RunningProxy.Start(postgres);
        await using var client = await RawPgClient.LoginAsync(proxy.Port, PostgresServer.TrustUser, PostgresServer.AppDatabase);

        await client.SendAsync([
            .. RawPgClient.Parse("described", "select $1::int4 + 1 as total, $2::text as label"),
            .. RawPgClient.Describe('S', "described"),
            .. RawPgClient.Sync(),
        ]);
        var messages = await client.ReadUntilReadyAsync();

        Assert.Equal("1,t,T,Z(I)", RawPgClient.Describe(messages));
        var parameters = messages[1].Body;
        Assert.Equal(2, BinaryPrimitives.ReadInt16BigEndian(parameters));
        Assert.Equal(23u, BinaryPrimitives.ReadUInt32BigEndian(parameters.AsSpan(2)));
        Assert.Equal(25u, BinaryPrimitives.ReadUInt32BigEndian(parameters.AsSpan(6)));
        var rows = messages[2].Body;
        Assert.Equal(2, BinaryPrimitives.ReadInt16BigEndian(rows));
        Assert.StartsWith("total\0", Encoding.ASCII.GetString(rows, 2, rows.Length - 2), StringComparison.Ordinal);
        Assert.Contains("label\0", Encoding.ASCII.GetString(rows), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DescribePortal_NoData_ReturnsNoDataMessage()
    {
        await using var proxy = RunningProxy.Start(postgres);
        await using var client = await RawPgClient.LoginAsync(proxy.Port, PostgresServer.TrustUser, PostgresServer.AppDatabase);

        await client.SendAsync([
            .. RawPgClient.Parse("", "create temp table t_nodata (x int)"), .. RawPgClient.Bind("", ""),
            .. RawPgClient.Describe('P', ""), .. RawPgClient.Execute(""), .. RawPgClient.Sync(),
        ]);

        Assert.Equal("1,2,n,C,Z(I)", RawPgClient.Describe(await client.ReadUntilReadyAsync()));
    }

    [Fact]
    public async Task Flush_WithoutSync_ResponsesArriveBeforeSync()
    {
        await using var proxy = RunningProxy.Start(postgres);
        await using var client = await RawPgClient.LoginAsync(proxy.Port, PostgresServer.TrustUser, PostgresServer.AppDatabase);

        await client.SendAsync([
            .. RawPgClient.Parse("", "select 'flushed'"), .. RawPgClient.Bind("", ""), .. RawPgClient.Execute(""), .. RawPgClient.Flush(),
        ]);
        var flushed = await ReadCountAsync(client, 4);
        Assert.Equal("1,2,D,C", Codes(flushed));
        Assert.Equal(["flushed"], Values(flushed));

        await client.SendAsync(RawPgClient.Sync());
        Assert.Equal("Z(I)", RawPgClient.Describe(await client.ReadUntilReadyAsync()));
    }

    [Fact]
    public async Task Pipeline_ManyUnnamedStatementsOneSync_AllAnsweredInOrder()
    {
        await using var proxy = RunningProxy.Start(postgres);
        await using var client = await RawPgClient.LoginAsync(proxy.Port, PostgresServer.TrustUser, PostgresServer.AppDatabase);
        var request = new List<byte>();
        for (var i = 0; i < 100; i++)
        {
            request.AddRange(RawPgClient.Parse("", "select $1::int * 10"));
            request.AddRange(RawPgClient.Bind("", "", i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            request.AddRange(RawPgClient.Execute(""));
        }
        request.AddRange(RawPgClient.Sync());

        await client.SendAsync([.. request]);
        var messages = await client.ReadUntilReadyAsync();

        Assert.Equal(Enumerable.Range(0, 100).Select(i => (i * 10).ToString(System.Globalization.CultureInfo.InvariantCulture)), Values(messages));
        Assert.Equal(401, messages.Count);
    }

    [Fact]
    public async Task Pipeline_ErrorMidway_RestSkippedUntilSyncThenRecovers()
    {
        await using var proxy = RunningProxy.Start(postgres);
        await using var client = await RawPgClient.LoginAsync(proxy.Port, PostgresServer.TrustUser, PostgresServer.AppDatabase);

        await client.SendAsync([
            .. RawPgClient.Parse("", "select 1"), .. RawPgClient.Bind("", ""), .. RawPgClient.Execute(""),
            .. RawPgClient.Parse("", "select 1/0"), .. RawPgClient.Bind("", ""), .. RawPgClient.Execute(""),
            .. RawPgClient.Parse("", "select 3"), .. RawPgClient.Bind("", ""), .. RawPgClient.Execute(""),
            .. RawPgClient.Sync(),
            .. RawPgClient.Parse("", "select 4"), .. RawPgClient.Bind("", ""), .. RawPgClient.Execute(""),
            .. RawPgClient.Sync(),
        ]);

        // 1/0 is constant-folded when the unnamed statement is planned, i.e. at Bind.
        Assert.Equal("1,2,D,C,1,E(22012),Z(I)", RawPgClient.Describe(await client.ReadUntilReadyAsync()));
        var after = await client.ReadUntilReadyAsync();
        Assert.Equal("1,2,D,C,Z(I)", RawPgClient.Describe(after));
        Assert.Equal(["4"], Values(after));
    }

    [Fact]
    public async Task FunctionCall_Int4pl_ResultAndReadyForQuery()
    {
        await using var proxy = RunningProxy.Start(postgres);
        await using var client = await RawPgClient.LoginAsync(proxy.Port, PostgresServer.TrustUser, PostgresServer.AppDatabase);
        const int int4pl = 177;

        // FunctionCall (docs §55.7): oid, argument formats (text), two arguments, text result.
        await client.SendAsync(RawPgClient.Message('F', [
            .. RawPgClient.Int32(int4pl), .. RawPgClient.Int16(1), .. RawPgClient.Int16(0), .. RawPgClient.Int16(2),
            .. RawPgClient.Int32(2), .. "40"u8.ToArray(), .. RawPgClient.Int32(1), .. "2"u8.ToArray(), .. RawPgClient.Int16(0),
        ]));
        var messages = await client.ReadUntilReadyAsync();

        Assert.Equal("V,Z(I)", RawPgClient.Describe(messages));
        var body = messages[0].Body;
        Assert.Equal("42", Encoding.ASCII.GetString(body, 4, BinaryPrimitives.ReadInt32BigEndian(body)));
        await client.SendAsync(RawPgClient.Query("select 'next'"));
        Assert.Equal(["next"], Values(await client.ReadUntilReadyAsync()));
    }

    [Fact]
    public async Task SimpleQuery_MultiStatement_AllResultsThenOneReady()
    {
        await using var proxy = RunningProxy.Start(postgres);
        await using var client = await RawPgClient.LoginAsync(proxy.Port, PostgresServer.TrustUser, PostgresServer.AppDatabase);

        await client.SendAsync(RawPgClient.Query("select 1; select 'two', 2; create temp table t_multi(x int); insert into t_multi values (1), (2)"));
        var messages = await client.ReadUntilReadyAsync();

        Assert.Equal("T,D,C,T,D,C,C,C,Z(I)", RawPgClient.Describe(messages));
        Assert.Equal("INSERT 0 2", Tag(messages[7].Body));
    }

    [Fact]
    public async Task ListenNotify_BetweenTwoProxiedConnections_NotificationDelivered()
    {
        await using var proxy = RunningProxy.Start(postgres);
        await using var listener = await proxy.OpenAsync();
        await using var notifier = await proxy.OpenAsync();
        var received = new List<(string Channel, string Payload, int Pid)>();
        listener.Notification += (_, e) => received.Add((e.Channel, e.Payload, e.PID));
        await using (var listen = new NpgsqlCommand("listen proxy_channel", listener))
        {
            await listen.ExecuteNonQueryAsync();
        }

        await using (var notify = new NpgsqlCommand("select pg_notify('proxy_channel', 'hello through the proxy')", notifier))
        {
            await notify.ExecuteNonQueryAsync();
        }
        var gotIt = await listener.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.True(gotIt, "no notification within 10 s");
        var notification = Assert.Single(received);
        Assert.Equal("proxy_channel", notification.Channel);
        Assert.Equal("hello through the proxy", notification.Payload);
        await using var pid = new NpgsqlCommand("select pg_backend_pid()", notifier);
        Assert.Equal(await pid.ExecuteScalarAsync(), notification.Pid);
    }

    [Fact]
    public async Task RaiseNotice_InDoBlock_NoticeReachesClient()
    {
        await using var proxy = RunningProxy.Start(postgres);
        await using var connection = await proxy.OpenAsync();
        var notices = new List<PostgresNotice>();
        connection.Notice += (_, e) => notices.Add(e.Notice);

        await using var command = new NpgsqlCommand("""
            do $$
            begin
              raise notice 'first notice %', 1;
              raise warning 'then a warning';
            end $$
            """, connection);
        await command.ExecuteNonQueryAsync();

        Assert.Equal(2, notices.Count);
        Assert.Equal("first notice 1", notices[0].MessageText);
        Assert.Equal("NOTICE", notices[0].Severity);
        Assert.Equal("then a warning", notices[1].MessageText);
        Assert.Equal("WARNING", notices[1].Severity);
    }

    [Fact]
    public async Task SetParameter_ReportedSetting_ClientSeesNewParameterStatus()
    {
        await using var proxy = RunningProxy.Start(postgres);
        await using var connection = await proxy.OpenAsync();

        await using var command = new NpgsqlCommand("set application_name = 'via-proxy'; set timezone = 'Asia/Tokyo'", connection);
        await command.ExecuteNonQueryAsync();

        Assert.Equal("via-proxy", connection.PostgresParameters["application_name"]);
        Assert.Equal("Asia/Tokyo", connection.Timezone);
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

    /// <summary>The first column of every DataRow (text format).</summary>
    private static List<string> Values(IEnumerable<(char Code, byte[] Body)> messages) =>
        messages.Where(m => m.Code == 'D').Select(m =>
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(m.Body.AsSpan(2));
            return Encoding.UTF8.GetString(m.Body, 6, length);
        }).ToList();

    private static string Tag(byte[] body) => Encoding.ASCII.GetString(body).TrimEnd('\0');
}
