using MaskingProxy.Proxy.Tests.Infrastructure;
using MaskingProxy.Proxy.Tests.Support;
using Npgsql;
using Xunit;

namespace MaskingProxy.Proxy.Tests.Postgres;

/// <summary>
/// Authentication is relayed end to end (SPEC §5): trust, cleartext, md5 and SCRAM-SHA-256 exchanges
/// pass through the proxy, which is never told any password, and the server's own refusals reach the
/// client unchanged.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class AuthenticationRelayTests(PostgresServer postgres)
{
    [Theory]
    [InlineData(PostgresServer.TrustUser, null)]
    [InlineData(PostgresServer.ScramUser, PostgresServer.ScramPassword)]
    [InlineData(PostgresServer.Md5User, PostgresServer.Md5Password)]
    [InlineData(PostgresServer.CleartextUser, PostgresServer.CleartextPassword)]
    public async Task Login_EachAuthenticationMethod_CurrentUserIsTheRole(string user, string? password)
    {
        await using var proxy = RunningProxy.Start(postgres);
        await using var connection = new NpgsqlConnection(proxy.ConnectionString(user, password));
        await connection.OpenAsync();

        await using var command = new NpgsqlCommand("select current_user, current_database()", connection);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal(user, reader.GetString(0));
        Assert.Equal(PostgresServer.AppDatabase, reader.GetString(1));
    }

    [Theory]
    [InlineData(PostgresServer.ScramUser)]
    [InlineData(PostgresServer.Md5User)]
    [InlineData(PostgresServer.CleartextUser)]
    public async Task Login_WrongPassword_Relays28P01FromServer(string user)
    {
        await using var proxy = RunningProxy.Start(postgres);
        await using var connection = new NpgsqlConnection(proxy.ConnectionString(user, "not-the-password"));

        var error = await Assert.ThrowsAsync<PostgresException>(() => connection.OpenAsync());

        Assert.Equal(PostgresErrorCodes.InvalidPassword, error.SqlState);
        // The server's own wording, not a proxy message: the decision was the server's.
        Assert.Contains($"password authentication failed for user \"{user}\"", error.MessageText, StringComparison.Ordinal);
        Assert.Equal("FATAL", error.Severity);
    }

    [Fact]
    public async Task Login_UnknownDatabase_Relays3D000FromServer()
    {
        await using var proxy = RunningProxy.Start(postgres);
        await using var connection = new NpgsqlConnection(proxy.ConnectionString(PostgresServer.TrustUser, database: "no_such_database"));

        var error = await Assert.ThrowsAsync<PostgresException>(() => connection.OpenAsync());

        Assert.Equal(PostgresErrorCodes.InvalidCatalogName, error.SqlState);
        Assert.Contains("no_such_database", error.MessageText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Login_UnknownRole_Relays28000FromServer()
    {
        await using var proxy = RunningProxy.Start(postgres);
        await using var connection = new NpgsqlConnection(proxy.ConnectionString("no_such_role", "whatever"));

        var error = await Assert.ThrowsAsync<PostgresException>(() => connection.OpenAsync());

        // pg_hba sends unknown roles to scram-sha-256; the server fails the exchange without saying the role is missing.
        Assert.Equal(PostgresErrorCodes.InvalidPassword, error.SqlState);
    }

    [Fact]
    public async Task Login_AfterFailedLogins_ProxyServesAndReleasesSessions()
    {
        await using var proxy = RunningProxy.Start(postgres);
        for (var i = 0; i < 3; i++)
        {
            await using var bad = new NpgsqlConnection(proxy.ConnectionString(PostgresServer.ScramUser, "wrong"));
            await Assert.ThrowsAsync<PostgresException>(() => bad.OpenAsync());
        }

        await using (var good = new NpgsqlConnection(proxy.ConnectionString(PostgresServer.ScramUser, PostgresServer.ScramPassword)))
        {
            await good.OpenAsync();
            await using var command = new NpgsqlCommand("select 41 + 1", good);
            Assert.Equal(42, await command.ExecuteScalarAsync());
        }

        await WaitForAsync(() => proxy.Server.OpenSessions == 0, TimeSpan.FromSeconds(5));
        Assert.Equal(0, proxy.Server.OpenSessions);
    }

    [Fact]
    public async Task Login_PlaintextClient_OffersOnlyScramWithoutPlus()
    {
        // A raw look at the relayed AuthenticationSASL: the mechanism list reaches the client intact.
        await using var proxy = RunningProxy.Start(postgres);
        await using var client = await RawPgClient.ConnectAsync(proxy.Port);
        await client.SendAsync(RawPgClient.Startup(PostgresServer.ScramUser, PostgresServer.AppDatabase));

        var message = await client.ReadAsync();

        Assert.NotNull(message);
        Assert.Equal('R', message.Value.Code);
        Assert.Equal(10, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(message.Value.Body));
        var mechanisms = System.Text.Encoding.ASCII.GetString(message.Value.Body, 4, message.Value.Body.Length - 4)
            .Split('\0', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["SCRAM-SHA-256"], mechanisms);
    }

    /// <summary>
    /// A startup asking for protocol 3.1 with an unknown _pq_ option: the server answers with
    /// NegotiateProtocolVersion before authentication, and the proxy relays it.
    /// </summary>
    [Fact]
    public async Task Startup_NewerMinorVersionAndProtocolOption_NegotiateProtocolVersionRelayed()
    {
        await using var proxy = RunningProxy.Start(postgres);
        await using var client = await RawPgClient.ConnectAsync(proxy.Port);
        var body = new List<byte>();
        body.AddRange(RawPgClient.Int32((3 << 16) | 1));
        foreach (var s in new[] { "user", PostgresServer.TrustUser, "database", PostgresServer.AppDatabase, "_pq_.proxy_test", "on" })
        {
            body.AddRange(RawPgClient.CString(s));
        }
        body.Add(0);

        await client.SendAsync([.. RawPgClient.Int32(body.Count + 4), .. body]);
        var messages = await client.ReadUntilReadyAsync();

        Assert.Equal('v', messages[0].Code);
        var negotiate = messages[0].Body;
        Assert.Equal((3 << 16) | 0, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(negotiate));
        Assert.Equal(1, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(negotiate.AsSpan(4)));
        Assert.Contains("_pq_.proxy_test", System.Text.Encoding.ASCII.GetString(negotiate, 8, negotiate.Length - 8), StringComparison.Ordinal);
        Assert.Equal('R', messages[1].Code);
        Assert.Equal("Z(I)", RawPgClient.Describe([messages[^1]]));
    }

    internal static async Task WaitForAsync(Func<bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition() && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }
    }
}
