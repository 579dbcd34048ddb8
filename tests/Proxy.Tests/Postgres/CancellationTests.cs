using System.Diagnostics;
using System.Security.Cryptography;
using MaskingProxy.Proxy.Tests.Infrastructure;
using MaskingProxy.Proxy.Tests.Support;
using Npgsql;
using Xunit;

namespace MaskingProxy.Proxy.Tests.Postgres;

/// <summary>
/// CancelRequest through the proxy (SPEC §5): the client cancels with the key the proxy gave it and
/// the proxy routes that to the right backend; a key it never issued does nothing.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class CancellationTests(PostgresServer postgres)
{
    private static readonly TimeSpan CancelBound = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task CommandCancel_LongSleep_Raises57014QuicklyAndConnectionUsable()
    {
        await using var proxy = RunningProxy.Start(postgres);
        await using var connection = await proxy.OpenAsync();
        await using var command = new NpgsqlCommand("select pg_sleep(30)", connection);

        var stopwatch = Stopwatch.StartNew();
        var running = command.ExecuteNonQueryAsync();
        await WaitUntilRunningAsync("pg_sleep(30)");
        command.Cancel();
        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);
        stopwatch.Stop();

        // Npgsql reports a user cancellation as OperationCanceledException around the server's 57014.
        var inner = Assert.IsType<PostgresException>(error.InnerException);
        Assert.Equal(PostgresErrorCodes.QueryCanceled, inner.SqlState);
        Assert.True(stopwatch.Elapsed < CancelBound, $"cancel took {stopwatch.Elapsed}");
        await using var next = new NpgsqlCommand("select 'after cancel'", connection);
        Assert.Equal("after cancel", await next.ExecuteScalarAsync());
    }

    [Fact]
    public async Task CancellationToken_LongSleep_Raises57014QuicklyAndConnectionUsable()
    {
        await using var proxy = RunningProxy.Start(postgres);
        await using var connection = await proxy.OpenAsync();
        await using var command = new NpgsqlCommand("select pg_sleep(30)", connection);
        using var cts = new CancellationTokenSource();

        var stopwatch = Stopwatch.StartNew();
        var running = command.ExecuteNonQueryAsync(cts.Token);
        await WaitUntilRunningAsync("pg_sleep(30)");
        await cts.CancelAsync();
        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);
        stopwatch.Stop();

        // Npgsql sends a CancelRequest and wraps the server's 57014 (it would not, had it given up on the connection).
        var inner = Assert.IsType<PostgresException>(error.InnerException);
        Assert.Equal(PostgresErrorCodes.QueryCanceled, inner.SqlState);
        Assert.True(stopwatch.Elapsed < CancelBound, $"cancel took {stopwatch.Elapsed}");
        await using var next = new NpgsqlCommand("select 2", connection);
        Assert.Equal(2, await next.ExecuteScalarAsync());
    }

    [Fact]
    public async Task CommandCancel_OneOfTwoSessions_OnlyThatSessionCancelled()
    {
        await using var proxy = RunningProxy.Start(postgres);
        await using var victim = await proxy.OpenAsync();
        await using var bystander = await proxy.OpenAsync();
        await using var victimCommand = new NpgsqlCommand("select pg_sleep(30)", victim);
        await using var bystanderCommand = new NpgsqlCommand("select pg_sleep(1.5), 'bystander done'", bystander);

        var victimRun = victimCommand.ExecuteNonQueryAsync();
        var bystanderRun = bystanderCommand.ExecuteReaderAsync();
        await WaitUntilRunningAsync("pg_sleep(30)");
        victimCommand.Cancel();

        var victimError = await Record.ExceptionAsync(() => victimRun);
        await using var reader = await bystanderRun;
        Assert.True(await reader.ReadAsync());
        Assert.Equal("bystander done", reader.GetString(1));
        var error = Assert.IsAssignableFrom<OperationCanceledException>(victimError);
        Assert.Equal(PostgresErrorCodes.QueryCanceled, Assert.IsType<PostgresException>(error.InnerException).SqlState);
    }

    [Fact]
    public async Task CancelRequest_UnknownKey_IgnoredAndRunningQueryUnaffected()
    {
        await using var proxy = RunningProxy.Start(postgres);
        await using var connection = await proxy.OpenAsync();
        await using var command = new NpgsqlCommand("select 'finished' from pg_sleep(1.5)", connection);

        var stopwatch = Stopwatch.StartNew();
        var running = command.ExecuteScalarAsync();
        await WaitUntilRunningAsync("pg_sleep(1.5)");

        // Random pid and key; then the session's real (proxy-issued) pid with a wrong key.
        var closedWithoutAnswer = await SendCancelAsync(proxy.Port, RandomNumberGenerator.GetInt32(int.MaxValue), RandomNumberGenerator.GetInt32(int.MaxValue));
        var closedWithoutAnswer2 = await SendCancelAsync(proxy.Port, connection.ProcessID, RandomNumberGenerator.GetInt32(int.MaxValue));

        Assert.Equal("finished", await running);
        stopwatch.Stop();
        Assert.True(closedWithoutAnswer, "the proxy answered a cancel request with an unknown key");
        Assert.True(closedWithoutAnswer2, "the proxy answered a cancel request with a wrong secret");
        Assert.True(stopwatch.Elapsed >= TimeSpan.FromSeconds(1.4), $"query ended after {stopwatch.Elapsed}");
        await using var next = new NpgsqlCommand("select 3", connection);
        Assert.Equal(3, await next.ExecuteScalarAsync());
    }

    [Fact]
    public async Task CancelRequest_ToIdleSession_SessionStaysUsable()
    {
        await using var proxy = RunningProxy.Start(postgres);
        await using var connection = await proxy.OpenAsync();

        // A cancel that arrives while nothing runs is a no-op at the server.
        await using (var dummy = new NpgsqlCommand("select 1", connection))
        {
            dummy.Cancel();
        }
        await Task.Delay(300);

        await using var command = new NpgsqlCommand("select 'ok' from pg_sleep(0.2)", connection);
        Assert.Equal("ok", await command.ExecuteScalarAsync());
    }

    /// <summary>Sends a raw 16-byte CancelRequest; true when the proxy closed without sending anything.</summary>
    private static async Task<bool> SendCancelAsync(int port, int processId, int secretKey)
    {
        await using var client = await RawPgClient.ConnectAsync(port);
        await client.SendAsync([.. RawPgClient.Int32(16), .. RawPgClient.Int32(80877102), .. RawPgClient.Int32(processId), .. RawPgClient.Int32(secretKey)]);
        return await client.ReadAsync(TimeSpan.FromSeconds(5)) is null;
    }

    /// <summary>Waits (directly at the server) until a statement containing the text is active.</summary>
    private async Task WaitUntilRunningAsync(string fragment)
    {
        await using var direct = new NpgsqlConnection(postgres.ConnectionString(PostgresServer.Superuser));
        await direct.OpenAsync();
        await using var probe = new NpgsqlCommand(
            "select count(*) from pg_stat_activity where state = 'active' and query like '%' || @f || '%' and pid <> pg_backend_pid()", direct);
        probe.Parameters.AddWithValue("f", fragment);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline)
        {
            if ((long)(await probe.ExecuteScalarAsync())! > 0)
            {
                return;
            }
            await Task.Delay(20);
        }
        throw new TimeoutException($"no active statement containing {fragment}");
    }

    [Fact]
    public async Task ProcessId_ThroughProxy_IsTheBackendPid()
    {
        await using var proxy = RunningProxy.Start(postgres);
        await using var connection = await proxy.OpenAsync();

        await using var command = new NpgsqlCommand("select pg_backend_pid()", connection);

        Assert.Equal(connection.ProcessID, (int)(await command.ExecuteScalarAsync())!);
    }
}
