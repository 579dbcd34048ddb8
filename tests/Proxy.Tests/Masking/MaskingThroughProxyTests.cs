using System.Text;
using MaskingProxy.Proxy.Tests.Infrastructure;
using MaskingProxy.Crypto;
using Npgsql;
using Xunit;

namespace MaskingProxy.Proxy.Tests.Masking;

/// <summary>The masking interceptor wired into real sessions against the real PostgreSQL.</summary>
[Collection(PostgresCollection.Name)]
public sealed class MaskingThroughProxyTests : IAsyncLifetime
{
    private readonly PostgresServer _postgres;
    private MaskingEnvironment _env = null!;

    public MaskingThroughProxyTests(PostgresServer postgres) => _postgres = postgres;

    public async Task InitializeAsync() => _env = await MaskingEnvironment.StartAsync(_postgres);

    public async Task DisposeAsync() => await _env.DisposeAsync();

    private static string Pseudonym(string value) =>
        Convert.ToHexStringLower(HmacSm3.Mac(Encoding.UTF8.GetBytes(MaskingEnvironment.HashKey), Encoding.UTF8.GetBytes(value)))[..12];

    private static async Task<List<object?[]>> ReadAllAsync(NpgsqlCommand command)
    {
        var rows = new List<object?[]>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }
            rows.Add(row);
        }
        return rows;
    }

    [Fact]
    public async Task Select_MaskedSubjectExtendedProtocol_SeesMaskedValuesAndPseudonyms()
    {
        await using var connection = await _env.OpenAsync(MaskingEnvironment.MaskedUser);
        await using var command = new NpgsqlCommand("SELECT id, name, ssn, email, phone, salary FROM people ORDER BY id", connection);
        var rows = await ReadAllAsync(command);

        Assert.Equal(2, rows.Count);
        Assert.Equal("Zhang San", rows[0][1]);
        Assert.Equal("110*************34", rows[0][2]);
        Assert.NotEqual("zhang.san@example.com", rows[0][3]);
        Assert.EndsWith("@example.com", (string)rows[0][3]!, StringComparison.Ordinal);
        Assert.Equal(Pseudonym("13800138000"), rows[0][4]);
        Assert.Equal(Pseudonym("13912345678"), rows[1][4]);
        Assert.Equal(12000m, rows[0][5]);
    }

    [Fact]
    public async Task Select_MaskedSubjectSimpleProtocolMultiStatement_TransformsEachResultSet()
    {
        await using var connection = await _env.OpenAsync(MaskingEnvironment.MaskedUser);
        await using var batch = new NpgsqlBatch(connection)
        {
            BatchCommands =
            {
                new NpgsqlBatchCommand("SELECT 1"),
                new NpgsqlBatchCommand("SELECT phone, ssn FROM people WHERE id = 2"),
                new NpgsqlBatchCommand("SELECT id, phone FROM people WHERE id = 1"),
            },
        };
        await using var reader = await batch.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal(1, reader.GetInt32(0));
        Assert.True(await reader.NextResultAsync());
        Assert.True(await reader.ReadAsync());
        Assert.Equal(Pseudonym("13912345678"), reader.GetString(0));
        Assert.Equal("220*************21", reader.GetString(1));
        Assert.True(await reader.NextResultAsync());
        Assert.True(await reader.ReadAsync());
        Assert.Equal(Pseudonym("13800138000"), reader.GetString(1));
    }

    [Fact]
    public async Task Select_PreparedBinaryResults_PseudonymInBinaryFormat()
    {
        await using var connection = await _env.OpenAsync(MaskingEnvironment.MaskedUser);
        await using var command = new NpgsqlCommand("SELECT phone, ssn FROM people WHERE id = @id", connection);
        command.Parameters.AddWithValue("id", 1);
        await command.PrepareAsync();
        for (var i = 0; i < 3; i++)
        {
            await using var reader = await command.ExecuteReaderAsync();
            Assert.True(await reader.ReadAsync());
            Assert.Equal(Pseudonym("13800138000"), reader.GetString(0));
            Assert.Equal("110*************34", reader.GetString(1));
        }
    }

    [Fact]
    public async Task Select_SimpleProtocolViaPsqlText_NoRawValue()
    {
        var output = await RunPsqlThroughProxyAsync("SELECT * FROM people; SELECT row_to_json(x) FROM (SELECT id, ssn, email, salary FROM people) x;");
        foreach (var raw in MaskingEnvironment.RawValues)
        {
            Assert.DoesNotContain(raw, output, StringComparison.Ordinal);
        }
        Assert.Contains(Pseudonym("13800138000"), output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Select_ExemptSubject_SeesRawValues()
    {
        await using var connection = await _env.OpenAsync(MaskingEnvironment.ExemptUser);
        await using var command = new NpgsqlCommand("SELECT ssn, phone, email FROM people WHERE id = 1", connection);
        var rows = await ReadAllAsync(command);
        Assert.Equal(["110101199003071234", "13800138000", "zhang.san@example.com"], rows[0]);
    }

    [Fact]
    public async Task Where_PredicatesAllowOnSsn_FindsRowByRawValue()
    {
        await using var connection = await _env.OpenAsync(MaskingEnvironment.MaskedUser);
        await using var command = new NpgsqlCommand("SELECT id, ssn FROM people WHERE ssn = @ssn", connection);
        command.Parameters.AddWithValue("ssn", "220102198512120021");
        var rows = await ReadAllAsync(command);
        Assert.Single(rows);
        Assert.Equal(2, rows[0][0]);
        Assert.Equal("220*************21", rows[0][1]);
    }

    [Fact]
    public async Task Error_CastOfRawPredicateValue_DeniedBeforeItCanEcho()
    {
        await using var connection = await _env.OpenAsync(MaskingEnvironment.MaskedUser);
        await using var command = new NpgsqlCommand("SELECT id FROM people WHERE ssn::int > 0", connection);
        var error = await Assert.ThrowsAsync<PostgresException>(() => command.ExecuteNonQueryAsync());
        Assert.Equal("42501", error.SqlState);
        Assert.DoesNotContain("1101", error.MessageText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Error_CastOfMaskedValueFails_MessageWithheld()
    {
        await using var connection = await _env.OpenAsync(MaskingEnvironment.MaskedUser);
        await using var command = new NpgsqlCommand("SELECT ssn::int FROM people", connection);
        var error = await Assert.ThrowsAsync<PostgresException>(() => command.ExecuteNonQueryAsync());
        Assert.Equal("22P02", error.SqlState);
        Assert.DoesNotContain("1101", error.MessageText, StringComparison.Ordinal);
        Assert.DoesNotContain("2201", error.MessageText, StringComparison.Ordinal);
        Assert.Null(error.Detail);
        Assert.Contains("withheld", error.MessageText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Error_ExemptSubjectSameCast_MessageRelayed()
    {
        await using var connection = await _env.OpenAsync(MaskingEnvironment.ExemptUser);
        await using var command = new NpgsqlCommand("SELECT id FROM people WHERE ssn::bigint > 0 AND ssn::int > 0", connection);
        var error = await Assert.ThrowsAsync<PostgresException>(() => command.ExecuteNonQueryAsync());
        Assert.DoesNotContain("withheld", error.MessageText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deny_HashColumnInExpression_42501AndSessionUsable()
    {
        await using var connection = await _env.OpenAsync(MaskingEnvironment.MaskedUser);
        await using var command = new NpgsqlCommand("SELECT upper(phone) FROM people", connection);
        var error = await Assert.ThrowsAsync<PostgresException>(() => command.ExecuteNonQueryAsync());
        Assert.Equal("42501", error.SqlState);
        await using var next = new NpgsqlCommand("SELECT count(*) FROM people", connection);
        Assert.Equal(2L, await next.ExecuteScalarAsync());
    }

    [Fact]
    public async Task SearchPath_SetToUncoveredSchema_ResolvesLikeTheDatabase()
    {
        await using var connection = await _env.OpenAsync(MaskingEnvironment.MaskedUser);
        await using (var set = new NpgsqlCommand("SET search_path = shadow, public", connection))
        {
            await set.ExecuteNonQueryAsync();
        }
        await using var command = new NpgsqlCommand("SELECT ssn FROM people", connection);
        Assert.Equal("shadow-ssn", await command.ExecuteScalarAsync());
        await using (var reset = new NpgsqlCommand("RESET search_path", connection))
        {
            await reset.ExecuteNonQueryAsync();
        }
        await using var again = new NpgsqlCommand("SELECT ssn FROM people WHERE id = 1", connection);
        Assert.Equal("110*************34", await again.ExecuteScalarAsync());
    }

    [Fact]
    public async Task SearchPath_ChangeRolledBack_StatementsRefusedUntilSetAgain()
    {
        await using var connection = await _env.OpenAsync(MaskingEnvironment.MaskedUser);
        foreach (var sql in new[] { "BEGIN", "SET search_path = shadow", "ROLLBACK" })
        {
            await using var step = new NpgsqlCommand(sql, connection);
            await step.ExecuteNonQueryAsync();
        }
        await using (var refused = new NpgsqlCommand("SELECT ssn FROM people", connection))
        {
            var error = await Assert.ThrowsAsync<PostgresException>(() => refused.ExecuteScalarAsync());
            Assert.Equal("42501", error.SqlState);
            Assert.Contains("search_path", error.MessageText, StringComparison.Ordinal);
        }
        await using (var set = new NpgsqlCommand("SET search_path = public", connection))
        {
            await set.ExecuteNonQueryAsync();
        }
        await using var command = new NpgsqlCommand("SELECT ssn FROM people WHERE id = 1", connection);
        Assert.Equal("110*************34", await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task SchemaChange_ViewCreatedThroughProxy_MaskedForOthersRightAfter()
    {
        await using var connection = await _env.OpenAsync(MaskingEnvironment.MaskedUser);
        await using (var exempt = await _env.OpenAsync(MaskingEnvironment.ExemptUser))
        {
            await using var create = new NpgsqlCommand("CREATE VIEW people_v AS SELECT id, ssn FROM people; GRANT SELECT ON people_v TO scram_user", exempt);
            await create.ExecuteNonQueryAsync();
        }
        await using var command = new NpgsqlCommand("SELECT ssn FROM people_v WHERE id = 1", connection);
        Assert.Equal("110*************34", await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task SchemaChange_InsideBlock_LaterStatementsRefusedUntilCommit()
    {
        await using var connection = await _env.OpenAsync(MaskingEnvironment.MaskedUser);
        await using var tx = await connection.BeginTransactionAsync();
        await using (var create = new NpgsqlCommand("CREATE TABLE scratch (a int)", connection, tx))
        {
            await create.ExecuteNonQueryAsync();
        }
        await using (var read = new NpgsqlCommand("SELECT ssn FROM people", connection, tx))
        {
            var error = await Assert.ThrowsAsync<PostgresException>(() => read.ExecuteScalarAsync());
            Assert.Equal("42501", error.SqlState);
        }
        await tx.RollbackAsync();
    }

    [Fact]
    public async Task Replication_MaskedLogin_RefusedAtStartup()
    {
        await using var client = await Support.RawPgClient.ConnectAsync(_env.Proxy.Port);
        await client.SendAsync(Support.RawPgClient.Startup(MaskingEnvironment.MaskedUser, _env.Database, "replication", "database"));
        var messages = await client.ReadUntilClosedAsync();
        var error = Assert.Single(messages, m => m.Code == 'E');
        Assert.Equal("42501", Support.RawPgClient.Field(error.Body, 'C'));
        Assert.Contains("replication", Support.RawPgClient.Field(error.Body, 'M'), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Copy_TableToStdout_MasksRows()
    {
        await using var connection = await _env.OpenAsync(MaskingEnvironment.MaskedUser);
        using var reader = await connection.BeginTextExportAsync("COPY people (id, ssn, email) TO STDOUT");
        var text = await reader.ReadToEndAsync();
        Assert.Contains("110*************34", text, StringComparison.Ordinal);
        foreach (var raw in MaskingEnvironment.RawValues)
        {
            Assert.DoesNotContain(raw, text, StringComparison.Ordinal);
        }
    }

    private async Task<string> RunPsqlThroughProxyAsync(string sql)
    {
        var uri = $"postgresql://{MaskingEnvironment.MaskedUser}:{PostgresServer.ScramPassword}@127.0.0.1:{_env.Proxy.Port}/{_env.Database}";
        var result = await ProcessRunner.RunAsync("psql", ["-X", "-v", "ON_ERROR_STOP=1", "-d", uri, "-c", sql], Path.GetTempPath());
        Assert.True(result.Succeeded, result.Describe());
        return result.StandardOutput;
    }
}
