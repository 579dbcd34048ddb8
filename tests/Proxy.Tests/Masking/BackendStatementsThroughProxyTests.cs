using System.Text;
using MaskingProxy.Proxy.Tests.Infrastructure;
using MaskingProxy.Proxy.Tests.Support;
using Npgsql;
using Xunit;

namespace MaskingProxy.Proxy.Tests.Masking;

/// <summary>
/// Masked texts parsed as the unnamed statement are kept on the server under the proxy's own
/// names, so the masking subquery is planned once per session: checked against the real server's
/// pg_prepared_statements, with raw protocol where the client's exact messages matter.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class BackendStatementsThroughProxyTests : IAsyncLifetime
{
    // Nobody is exempt: the trust login (which the raw client can log in as) is masked too.
    internal const string Policy = """
        version: 1
        name: backend-statements
        exempt: []
        defaults:
          unparseable: deny
          predicates: mask
          copy_out: mask
          dynamic_sql: deny
        rules:
          - id: ssn
            columns: ["public.people.ssn"]
            mask: { keep: { first: 3, last: 2 } }
            predicates: allow
          - id: salary
            columns: ["public.people.salary"]
            mask: { round: 1000 }
          - id: phone-key
            columns: ["public.people.phone"]
            mask: { hash: sm3, key_env: MASKINGPROXY_TEST_HASH_KEY, length: 12 }
        """;

    internal const string CountKept = "SELECT count(*) FROM pg_prepared_statements WHERE name LIKE '\\_\\_mp\\_auto\\_%'";

    private readonly PostgresServer _postgres;
    private MaskingEnvironment _env = null!;

    public BackendStatementsThroughProxyTests(PostgresServer postgres) => _postgres = postgres;

    public async Task InitializeAsync() => _env = await MaskingEnvironment.StartAsync(_postgres, policy: Policy);

    public async Task DisposeAsync() => await _env.DisposeAsync();

    private static async Task<(string Ssn, decimal Salary)> ReadPersonAsync(NpgsqlConnection connection, int id)
    {
        await using var command = new NpgsqlCommand("SELECT ssn, salary FROM people WHERE id = @id", connection);
        command.Parameters.AddWithValue("id", id);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        return (reader.GetString(0), reader.GetDecimal(1));
    }

    private static async Task<long> ScalarAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task UnnamedParse_MaskedTextRepeated_ServerKeepsOneStatementAndResultsStayMasked()
    {
        await using var connection = await _env.OpenAsync(MaskingEnvironment.MaskedUser);
        for (var i = 0; i < 8; i++)
        {
            var id = 1 + (i % 2);
            var (ssn, salary) = await ReadPersonAsync(connection, id);
            Assert.Equal(id == 1 ? "110*************34" : "220*************21", ssn);
            Assert.Equal(salary, Math.Round(salary / 1000m) * 1000m);
        }

        Assert.Equal(1, await ScalarAsync(connection, CountKept));
    }

    [Fact]
    public async Task UnnamedParse_HashMaskedOutput_NotKept()
    {
        await using var connection = await _env.OpenAsync(MaskingEnvironment.MaskedUser);
        for (var i = 0; i < 3; i++)
        {
            await using var command = new NpgsqlCommand("SELECT phone FROM people WHERE id = 1", connection);
            var phone = (string)(await command.ExecuteScalarAsync())!;
            Assert.DoesNotContain("13800138000", phone, StringComparison.Ordinal);
            Assert.Equal(12, phone.Length);
        }

        Assert.Equal(0, await ScalarAsync(connection, CountKept));
    }

    [Fact]
    public async Task DiscardAll_AfterKeptStatement_NextParseCreatesItAgain()
    {
        await using var connection = await _env.OpenAsync(MaskingEnvironment.MaskedUser);
        await ReadPersonAsync(connection, 1);
        await using (var discard = new NpgsqlCommand("DISCARD ALL", connection))
        {
            await discard.ExecuteNonQueryAsync();
        }
        Assert.Equal(0, await ScalarAsync(connection, CountKept));

        var (ssn, _) = await ReadPersonAsync(connection, 1);

        Assert.Equal("110*************34", ssn);
        Assert.Equal(1, await ScalarAsync(connection, CountKept));
    }

    [Theory]
    [InlineData("DEALLOCATE ALL")]
    [InlineData("DEALLOCATE PREPARE ALL")]
    public async Task DeallocateAll_AfterKeptStatement_NextRunCreatesItAgainWithoutError(string deallocate)
    {
        await using var connection = await _env.OpenAsync(MaskingEnvironment.MaskedUser);
        await ReadPersonAsync(connection, 1);
        await using (var command = new NpgsqlCommand(deallocate, connection))
        {
            await command.ExecuteNonQueryAsync();
        }

        var (ssn, _) = await ReadPersonAsync(connection, 2);

        Assert.Equal("220*************21", ssn);
        Assert.Equal(1, await ScalarAsync(connection, CountKept));
    }

    [Fact]
    public async Task ErrorInGroup_KeptStatementUsed_NextRunsStillWork()
    {
        await using var connection = await _env.OpenAsync(MaskingEnvironment.MaskedUser);
        const string Sql = "SELECT ssn, salary / @d FROM people WHERE id = 1";
        for (var i = 0; i < 2; i++)
        {
            await using var ok = new NpgsqlCommand(Sql, connection);
            ok.Parameters.AddWithValue("d", 2);
            await ok.ExecuteScalarAsync();
        }
        await using (var failing = new NpgsqlCommand(Sql, connection))
        {
            failing.Parameters.AddWithValue("d", 0);
            var error = await Assert.ThrowsAsync<PostgresException>(() => failing.ExecuteScalarAsync());
            Assert.Equal("22012", error.SqlState);
        }

        await using var again = new NpgsqlCommand(Sql, connection);
        again.Parameters.AddWithValue("d", 2);
        Assert.Equal("110*************34", await again.ExecuteScalarAsync());
    }

    [Fact]
    public async Task DescribeUnnamedStatement_KeptStatement_AnswersForTheClientsText()
    {
        await using var client = await RawPgClient.LoginAsync(_env.Proxy.Port, PostgresServer.TrustUser, _env.Database);
        const string Sql = "SELECT ssn, salary FROM people WHERE id = $1";
        for (var round = 0; round < 2; round++)
        {
            await client.SendAsync([
                .. RawPgClient.Parse(string.Empty, Sql),
                .. RawPgClient.Describe('S', string.Empty),
                .. RawPgClient.Bind(string.Empty, string.Empty, "2"),
                .. RawPgClient.Execute(string.Empty),
                .. RawPgClient.Sync(),
            ]);
            var replies = await client.ReadUntilReadyAsync();

            Assert.Equal("1,t,T,2,D,C,Z(I)", RawPgClient.Describe(replies));
            var row = replies.Single(m => m.Code == 'D').Body;
            Assert.Contains("220*************21", Encoding.UTF8.GetString(row), StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("parse")]
    [InlineData("bind")]
    [InlineData("describe")]
    [InlineData("close")]
    public async Task ReservedStatementName_FromClient_RefusedWith42501AndSessionUsable(string message)
    {
        await using var client = await RawPgClient.LoginAsync(_env.Proxy.Port, PostgresServer.TrustUser, _env.Database);
        byte[] request = message switch
        {
            "parse" => RawPgClient.Parse("__mp_auto_1", "SELECT 1"),
            "bind" => RawPgClient.Bind(string.Empty, "__mp_auto_1"),
            "describe" => RawPgClient.Describe('S', "__mp_auto_1"),
            _ => RawPgClient.Close('S', "__mp_auto_1"),
        };
        await client.SendAsync([.. request, .. RawPgClient.Sync()]);
        var replies = await client.ReadUntilReadyAsync();

        var error = replies.Single(m => m.Code == 'E').Body;
        Assert.Equal("42501", RawPgClient.Field(error, 'C'));
        Assert.Contains("reserved for the proxy", RawPgClient.Field(error, 'M'), StringComparison.Ordinal);

        await client.SendAsync(RawPgClient.Query("SELECT 41 + 1"));
        var after = await client.ReadUntilReadyAsync();
        Assert.Contains("42", Encoding.UTF8.GetString(after.Single(m => m.Code == 'D').Body), StringComparison.Ordinal);
    }

    [Fact]
    public async Task BindReservedName_AfterRefusedParseOfThatName_RefusedAndNothingRuns()
    {
        await using var client = await RawPgClient.LoginAsync(_env.Proxy.Port, PostgresServer.TrustUser, _env.Database);
        // The proxy keeps __mp_auto_1 on the server for this masked text.
        await client.SendAsync([
            .. RawPgClient.Parse(string.Empty, "SELECT ssn FROM people WHERE id = $1"),
            .. RawPgClient.Bind(string.Empty, string.Empty, "1"),
            .. RawPgClient.Execute(string.Empty),
            .. RawPgClient.Sync(),
        ]);
        await client.ReadUntilReadyAsync();
        await client.SendAsync([.. RawPgClient.Parse("__mp_auto_1", "SELECT 1"), .. RawPgClient.Sync()]);
        Assert.Contains(await client.ReadUntilReadyAsync(), m => m.Code == 'E');

        // Binding the name the refused Parse used must not reach the server, which holds the
        // proxy's statement under it.
        await client.SendAsync([
            .. RawPgClient.Bind(string.Empty, "__mp_auto_1", "1"),
            .. RawPgClient.Execute(string.Empty),
            .. RawPgClient.Sync(),
        ]);
        var replies = await client.ReadUntilReadyAsync();

        Assert.DoesNotContain(replies, m => m.Code == 'D');
        Assert.Equal("42501", RawPgClient.Field(replies.Single(m => m.Code == 'E').Body, 'C'));
    }
}
