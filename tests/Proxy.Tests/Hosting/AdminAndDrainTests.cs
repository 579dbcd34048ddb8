using System.Net;
using MaskingProxy.Proxy.Tests.Infrastructure;
using MaskingProxy.Proxy.Tests.Support;
using Npgsql;
using Xunit;

namespace MaskingProxy.Proxy.Tests.Hosting;

/// <summary>The executable's operational surface: admin endpoint, SIGTERM drain, exit code, logs.</summary>
[Collection("postgres")]
public sealed class AdminAndDrainTests
{
    private readonly PostgresServer _postgres;

    public AdminAndDrainTests(PostgresServer postgres) => _postgres = postgres;

    [Fact]
    public async Task Metrics_AfterTraffic_PrometheusCountersMove()
    {
        await using var proxy = await ProxyProcess.StartAsync(_postgres.Port);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{proxy.AdminPort}") };

        Assert.Equal("ok\n", await http.GetStringAsync("/healthz"));
        await using (var connection = await OpenAsync(proxy.Port))
        await using (var command = new NpgsqlCommand("select 1", connection))
        {
            await command.ExecuteScalarAsync();
        }
        var metrics = await http.GetStringAsync("/metrics");

        Assert.Contains("# TYPE maskingproxy_connections_total counter", metrics, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^maskingproxy_connections_total [1-9]", metrics);
        Assert.Matches(@"(?m)^maskingproxy_statements_total [1-9]", metrics);
        Assert.Matches(@"(?m)^maskingproxy_bytes_total\{direction=""backend_to_client""\} [1-9]", metrics);
        Assert.Contains("maskingproxy_errors_total{kind=\"protocol\"} 0", metrics, StringComparison.Ordinal);
        Assert.Contains("maskingproxy_connections_open", metrics, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^process_cpu_seconds_total [0-9]", metrics);
        Assert.Matches(@"(?m)^dotnet_gc_allocated_bytes_total [1-9]", metrics);
    }

    [Fact]
    public async Task Sigterm_InFlightStatement_FinishesThenProcessExitsZero()
    {
        await using var proxy = await ProxyProcess.StartAsync(_postgres.Port);
        await using var busy = await OpenAsync(proxy.Port);
        await using var idle = await OpenAsync(proxy.Port);
        await using var slow = new NpgsqlCommand("select pg_sleep(2), 'finished'", busy);
        var running = slow.ExecuteReaderAsync();
        await Task.Delay(300);

        proxy.SendSigterm();

        await using (var reader = await running)
        {
            Assert.True(await reader.ReadAsync());
            Assert.Equal("finished", reader.GetString(1));
        }
        Assert.Equal(0, await proxy.WaitForExitAsync(TimeSpan.FromSeconds(20)));
        await using var afterIdle = new NpgsqlCommand("select 1", idle);
        var idleError = await Assert.ThrowsAnyAsync<NpgsqlException>(() => afterIdle.ExecuteScalarAsync());
        Assert.True(idleError is PostgresException { SqlState: "57P01" } || idleError.InnerException is IOException or EndOfStreamException, idleError.ToString());
        await using var late = new NpgsqlConnection(ConnectionString(proxy.Port));
        await Assert.ThrowsAnyAsync<NpgsqlException>(() => late.OpenAsync());
    }

    [Fact]
    public async Task Sigterm_IdleSessions_Get57P01AndProcessExitsQuickly()
    {
        await using var proxy = await ProxyProcess.StartAsync(_postgres.Port);
        await using var client = await RawPgClient.LoginAsync(proxy.Port, PostgresServer.TrustUser, PostgresServer.AppDatabase);

        proxy.SendSigterm();
        var messages = await client.ReadUntilClosedAsync();

        Assert.Contains(messages, m => m.Code == 'E' && RawPgClient.Field(m.Body, 'C') == "57P01");
        Assert.Equal(0, await proxy.WaitForExitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task Logs_SessionStart_StructuredJsonWithoutStatementText()
    {
        await using var proxy = await ProxyProcess.StartAsync(_postgres.Port);
        await using (var connection = await OpenAsync(proxy.Port))
        await using (var command = new NpgsqlCommand("select 'secret-literal-1234'", connection))
        {
            await command.ExecuteScalarAsync();
        }
        proxy.SendSigterm();
        await proxy.WaitForExitAsync(TimeSpan.FromSeconds(10));

        var lines = proxy.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains(lines, l => l.Contains("\"EventId\":100", StringComparison.Ordinal));
        foreach (var line in lines)
        {
            using var json = System.Text.Json.JsonDocument.Parse(line);
            Assert.True(json.RootElement.TryGetProperty("Timestamp", out _));
        }
        Assert.DoesNotContain("secret-literal-1234", proxy.Output, StringComparison.Ordinal);
    }

    private static string ConnectionString(int port) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = port,
        Username = PostgresServer.TrustUser,
        Database = PostgresServer.AppDatabase,
        SslMode = SslMode.Disable,
        Pooling = false,
    }.ConnectionString;

    private static async Task<NpgsqlConnection> OpenAsync(int port)
    {
        var connection = new NpgsqlConnection(ConnectionString(port));
        await connection.OpenAsync();
        return connection;
    }
}
