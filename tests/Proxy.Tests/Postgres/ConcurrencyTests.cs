using MaskingProxy.Proxy.Tests.Infrastructure;
using MaskingProxy.Proxy.Tests.Support;
using MaskingProxy.Proxy.Transport.Epoll;
using Npgsql;
using Xunit;

namespace MaskingProxy.Proxy.Tests.Postgres;

/// <summary>Many sessions through one proxy: each gets its own backend, and all are released on close.</summary>
[Collection(PostgresCollection.Name)]
public sealed class ConcurrencyTests(PostgresServer postgres)
{
    private const int Connections = 200;

    [Fact]
    public async Task TwoHundredConnections_OpenConcurrently_DistinctBackendsAndAllSessionsReleased()
    {
        await using var proxy = RunningProxy.Start(postgres);
        var builder = proxy.Builder();
        builder.Timeout = 60;
        builder.CommandTimeout = 60;
        var connectionString = builder.ConnectionString;
        var connections = new NpgsqlConnection[Connections];
        try
        {
            await Task.WhenAll(Enumerable.Range(0, Connections).Select(async i =>
            {
                var connection = new NpgsqlConnection(connectionString);
                connections[i] = connection;
                await connection.OpenAsync();
            }));
            Assert.Equal(Connections, proxy.Server.OpenSessions);

            // All held open at once, every session runs a few statements concurrently.
            var results = await Task.WhenAll(connections.Select(async (connection, i) =>
            {
                await using (var setup = new NpgsqlCommand($"create temp table mine (n int); insert into mine values ({i})", connection))
                {
                    await setup.ExecuteNonQueryAsync();
                }
                await using var command = new NpgsqlCommand("select pg_backend_pid(), (select n from mine), current_user", connection);
                await using var reader = await command.ExecuteReaderAsync();
                Assert.True(await reader.ReadAsync());
                return (Pid: reader.GetInt32(0), Mine: reader.GetInt32(1), User: reader.GetString(2));
            }));

            Assert.Equal(Connections, results.Select(r => r.Pid).Distinct().Count());
            Assert.Equal(Enumerable.Range(0, Connections), results.Select(r => r.Mine));
            Assert.All(results, r => Assert.Equal(PostgresServer.TrustUser, r.User));
        }
        finally
        {
            await Task.WhenAll(connections.Where(c => c is not null).Select(c => c.DisposeAsync().AsTask()));
        }

        await AuthenticationRelayTests.WaitForAsync(() => proxy.Server.OpenSessions == 0, TimeSpan.FromSeconds(10));
        Assert.Equal(0, proxy.Server.OpenSessions);
    }

    [Fact]
    public async Task ManySessions_ClientsVanishWithoutTerminate_SessionsReleasedAndBackendsGone()
    {
        await using var proxy = RunningProxy.Start(postgres);
        const int count = 30;
        var clients = new List<RawPgClient>();
        for (var i = 0; i < count; i++)
        {
            var client = await RawPgClient.LoginAsync(proxy.Port, PostgresServer.TrustUser, PostgresServer.AppDatabase);
            await client.SendAsync(RawPgClient.Query("set application_name = 'vanishing-client'"));
            await client.ReadUntilReadyAsync();
            clients.Add(client);
        }
        Assert.Equal(count, proxy.Server.OpenSessions);

        // Drop the sockets without a Terminate message.
        foreach (var client in clients)
        {
            await client.DisposeAsync();
        }

        await AuthenticationRelayTests.WaitForAsync(() => proxy.Server.OpenSessions == 0, TimeSpan.FromSeconds(10));
        Assert.Equal(0, proxy.Server.OpenSessions);
        await using var direct = new NpgsqlConnection(postgres.ConnectionString(PostgresServer.Superuser));
        await direct.OpenAsync();
        await using var command = new NpgsqlCommand("select count(*) from pg_stat_activity where application_name = 'vanishing-client'", direct);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        long left;
        while ((left = (long)(await command.ExecuteScalarAsync())!) > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }
        Assert.Equal(0L, left);
    }

    [Fact]
    public async Task ManySessions_ThreeEventThreads_EveryQueryAnswered()
    {
        await using var proxy = await ProxyProcess.StartAsync(
            postgres.Port,
            environment: new Dictionary<string, string> { ["MASKINGPROXY_EVENT_THREADS"] = "3" });
        var builder = new NpgsqlConnectionStringBuilder(postgres.ConnectionString(PostgresServer.TrustUser)) { Port = proxy.Port, Pooling = false };

        var sums = await Task.WhenAll(Enumerable.Range(1, 30).Select(async i =>
        {
            await using var connection = new NpgsqlConnection(builder.ConnectionString);
            await connection.OpenAsync();
            long sum = 0;
            for (var q = 0; q < 20; q++)
            {
                await using var command = new NpgsqlCommand("select $1::int * 2", connection) { Parameters = { new() { Value = i } } };
                sum += (int)(await command.ExecuteScalarAsync())!;
            }
            return sum;
        }));

        Assert.Equal(Enumerable.Range(1, 30).Select(i => 40L * i), sums);
        Assert.Equal(3, EventThreads(proxy.Pid));
    }

    [Fact]
    public async Task Start_NoThreadSetting_DefaultEventThreadsServeSessions()
    {
        // An empty value is no setting: the proxy falls back to its default for this host's cores.
        await using var proxy = await ProxyProcess.StartAsync(
            postgres.Port,
            environment: new Dictionary<string, string> { ["MASKINGPROXY_EVENT_THREADS"] = "" });
        var builder = new NpgsqlConnectionStringBuilder(postgres.ConnectionString(PostgresServer.TrustUser)) { Port = proxy.Port, Pooling = false };

        var answers = await Task.WhenAll(Enumerable.Range(1, 8).Select(async i =>
        {
            await using var connection = new NpgsqlConnection(builder.ConnectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("select $1::int + 1", connection) { Parameters = { new() { Value = i } } };
            return (int)(await command.ExecuteScalarAsync())!;
        }));

        Assert.Equal(Enumerable.Range(2, 8), answers);
        Assert.Equal(EpollEngine.DefaultThreadCount(Environment.ProcessorCount), EventThreads(proxy.Pid));
    }

    /// <summary>The process's event threads, by the name the engine gives them ("maskingproxy epoll N", cut to 15 bytes by the kernel).</summary>
    private static int EventThreads(int pid) =>
        Directory.GetDirectories($"/proc/{pid}/task")
            .Select(t => File.ReadAllText(Path.Combine(t, "comm")).Trim())
            .Count(name => name.StartsWith("maskingproxy ep", StringComparison.Ordinal));
}
