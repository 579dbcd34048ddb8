using MaskingProxy.Proxy.Hosting;
using MaskingProxy.Proxy.Observability;
using MaskingProxy.Proxy.Tests.Infrastructure;
using MaskingProxy.Proxy.Tests.Support;
using Npgsql;
using Xunit;
using static MaskingProxy.Proxy.Tests.Support.RawPgClient;

namespace MaskingProxy.Proxy.Tests.Postgres;

/// <summary>
/// Bad input closes only the connection that sent it, with an ErrorResponse the client can read;
/// the proxy keeps serving everyone else.
/// </summary>
[Collection("postgres")]
public sealed class BadInputTests
{
    private readonly PostgresServer _postgres;

    public BadInputTests(PostgresServer postgres) => _postgres = postgres;

    public static TheoryData<string, byte[]> BadStartupPackets => new()
    {
        { "length below minimum", [0, 0, 0, 3, 0, 3, 0, 0] },
        { "length over startup limit", [0, 0, 0x4E, 0x21, 0, 3, 0, 0] },
        { "unknown startup code", [0, 0, 0, 8, 0, 0, 0x12, 0x34] },
        { "protocol 2.0", [.. Int32(9), .. Int32(2 << 16), 0] },
        { "garbage", [.. Int32(16), .. "\x01\x02GARBAGE-GARBA"u8] },
        { "unterminated parameter", [.. Int32(13), .. Int32(196608), .. "user"u8, 0] },
        { "no user", [.. Int32(22), .. Int32(196608), .. "database"u8, 0, .. "app"u8, 0, 0] },
    };

    [Theory]
    [MemberData(nameof(BadStartupPackets))]
    public async Task Startup_Malformed_Fatal08P01AndOnlyThatConnectionCloses(string name, byte[] packet)
    {
        await using var proxy = RunningProxy.Start(_postgres);
        await using var bystander = await proxy.OpenAsync();

        await using var client = await ConnectAsync(proxy.Port);
        await client.SendAsync(packet);
        var reply = await client.ReadUntilClosedAsync();

        Assert.True(reply.Count == 1 && reply[0].Code == 'E', $"{name}: {Describe(reply)}");
        Assert.Equal("FATAL", Field(reply[0].Body, 'S'));
        Assert.Equal("08P01", Field(reply[0].Body, 'C'));
        await using var command = new NpgsqlCommand("select 1", bystander);
        Assert.Equal(1, await command.ExecuteScalarAsync());
    }

    public static TheoryData<string, byte[]> BadMessages => new()
    {
        { "length below 4", [(byte)'Q', 0, 0, 0, 2] },
        { "unknown message type", Message('z', [1, 2, 3]) },
        { "Sync too long", Message('S', new byte[20000]) },
        { "Query not terminated", Message('Q', "select 1"u8.ToArray()) },
        { "Parse truncated", Message('P', [0]) },
        { "Query over max_message_bytes", Query("select '" + new string('x', 5000) + "'") },
        { "Close with bad kind", Message('C', [(byte)'X', 0]) },
    };

    [Theory]
    [MemberData(nameof(BadMessages))]
    public async Task Message_Malformed_Fatal08P01AndProxyKeepsServing(string name, byte[] message)
    {
        var limits = LimitsConfig.Default with { MaxMessageBytes = 4096 };
        await using var proxy = RunningProxy.Start(_postgres, limits: limits);
        await using var client = await LoginAsync(proxy.Port, PostgresServer.TrustUser, PostgresServer.AppDatabase);

        await client.SendAsync(message);
        var reply = await client.ReadUntilClosedAsync();

        var error = reply.FindLast(m => m.Code == 'E');
        Assert.True(error.Body is not null, $"{name}: no error in {Describe(reply)}");
        Assert.Equal("FATAL", Field(error.Body, 'S'));
        Assert.Equal("08P01", Field(error.Body, 'C'));
        Assert.True(proxy.Server.Metrics.Errors(ErrorKind.Protocol) >= 1);
        await using var after = await proxy.OpenAsync();
        await using var command = new NpgsqlCommand("select 2", after);
        Assert.Equal(2, await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task Backend_Down_Fatal08006WithClearMessageAndListenerStillServes()
    {
        var deadPort = FreePort.Next();
        await using var proxy = RunningProxy.Start(_postgres, backend: new HostPort("127.0.0.1", deadPort));

        for (var attempt = 0; attempt < 2; attempt++)
        {
            await using var connection = new NpgsqlConnection(proxy.ConnectionString());
            var ex = await Assert.ThrowsAsync<PostgresException>(() => connection.OpenAsync());
            Assert.Equal("08006", ex.SqlState);
            Assert.Contains($"could not connect to the database server at 127.0.0.1:{deadPort}: connection refused", ex.MessageText, StringComparison.Ordinal);
        }
        Assert.True(proxy.Server.Metrics.Errors(ErrorKind.BackendConnect) >= 2);

        // The same process keeps serving a listener whose backend is up.
        await using var healthy = RunningProxy.Start(_postgres);
        await using var ok = await healthy.OpenAsync();
        await using var command = new NpgsqlCommand("select 3", ok);
        Assert.Equal(3, await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task Startup_ClientSendsNothing_TimesOutWithError()
    {
        var limits = LimitsConfig.Default with { StartupTimeout = TimeSpan.FromSeconds(1) };
        await using var proxy = RunningProxy.Start(_postgres, limits: limits);
        await using var client = await ConnectAsync(proxy.Port);

        var reply = await client.ReadUntilClosedAsync();

        Assert.Single(reply);
        Assert.Contains("timeout", Field(reply[0].Body, 'M'), StringComparison.Ordinal);
        Assert.Equal(1, proxy.Server.Metrics.Errors(ErrorKind.StartupTimeout));
    }

    [Fact]
    public async Task SslRequest_PlaintextPipelinedAfterIt_Rejected()
    {
        var folder = Directory.CreateTempSubdirectory("mp-tls-").FullName;
        var files = TestCertificates.Write(folder);
        await using var proxy = RunningProxy.Start(_postgres, tls: new TlsConfig(files.CertificatePath, files.KeyPath));
        await using var client = await ConnectAsync(proxy.Port);

        // CVE-2021-23214: bytes sent after SSLRequest but before the handshake must not be used.
        await client.SendAsync([0, 0, 0, 8, 0x04, 0xD2, 0x16, 0x2F, .. Startup(PostgresServer.TrustUser, PostgresServer.AppDatabase)]);
        var reply = await client.ReadUntilClosedAsync();

        Assert.Single(reply);
        Assert.Equal("08P01", Field(reply[0].Body, 'C'));
    }

    [Fact]
    public async Task RandomGarbage_ManyConnections_ProxyNeverCrashes()
    {
        await using var proxy = RunningProxy.Start(_postgres);
        var random = new Random(12345);
        for (var i = 0; i < 100; i++)
        {
            var garbage = new byte[random.Next(1, 300)];
            random.NextBytes(garbage);
            await using var client = i % 2 == 0
                ? await ConnectAsync(proxy.Port)
                : await LoginAsync(proxy.Port, PostgresServer.TrustUser, PostgresServer.AppDatabase);
            await client.SendAsync(garbage);
            await client.SendAsync(Terminate());
        }

        await using var connection = await proxy.OpenAsync();
        await using var command = new NpgsqlCommand("select 4", connection);
        Assert.Equal(4, await command.ExecuteScalarAsync());
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (proxy.Server.OpenSessions > 1 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }
        Assert.Equal(1, proxy.Server.OpenSessions);
    }
}
