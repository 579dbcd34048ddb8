using System.Data;
using MaskingProxy.Proxy.Tests.Infrastructure;
using MaskingProxy.Proxy.Tests.Support;
using Npgsql;
using Xunit;

namespace MaskingProxy.Proxy.Tests.Postgres;

/// <summary>
/// Results stream through: the proxy process's resident memory stays bounded however large a
/// result, a single row or a COPY is. Measured on the real executable (VmHWM from /proc).
/// </summary>
[Collection("postgres")]
public sealed class LargeResultTests
{
    private const long MaxGrowthKb = 64 * 1024;
    private readonly PostgresServer _postgres;

    public LargeResultTests(PostgresServer postgres) => _postgres = postgres;

    [Fact]
    public async Task Result_200MegabytesManyRows_StreamsWithBoundedProxyMemory()
    {
        await using var proxy = await ProxyProcess.StartAsync(_postgres.Port);
        await using var connection = await OpenAsync(proxy);
        await WarmUpAsync(connection);
        var baseline = proxy.PeakResidentKb();

        long bytes = 0;
        long rows = 0;
        await using (var command = new NpgsqlCommand("select repeat('x', 1000) from generate_series(1, 200000)", connection))
        await using (var reader = await command.ExecuteReaderAsync(CommandBehavior.SequentialAccess))
        {
            while (await reader.ReadAsync())
            {
                bytes += reader.GetString(0).Length;
                rows++;
            }
        }

        Assert.Equal(200_000, rows);
        Assert.Equal(200_000_000, bytes);
        var growth = proxy.PeakResidentKb() - baseline;
        Assert.True(growth < MaxGrowthKb, $"proxy peak RSS grew by {growth} KiB while streaming 200 MB");
    }

    [Fact]
    public async Task Result_SingleHundredMegabyteRow_StreamsWithBoundedProxyMemory()
    {
        await using var proxy = await ProxyProcess.StartAsync(_postgres.Port);
        await using var connection = await OpenAsync(proxy);
        await WarmUpAsync(connection);
        var baseline = proxy.PeakResidentKb();

        long length = 0;
        await using (var command = new NpgsqlCommand("select repeat('y', 100 * 1024 * 1024)", connection))
        await using (var reader = await command.ExecuteReaderAsync(CommandBehavior.SequentialAccess))
        {
            Assert.True(await reader.ReadAsync());
            await using var stream = await reader.GetStreamAsync(0);
            var buffer = new byte[81920];
            int n;
            while ((n = await stream.ReadAsync(buffer)) > 0)
            {
                length += n;
            }
        }

        Assert.Equal(100L * 1024 * 1024, length);
        var growth = proxy.PeakResidentKb() - baseline;
        Assert.True(growth < MaxGrowthKb, $"proxy peak RSS grew by {growth} KiB for one 100 MB row");
    }

    [Fact]
    public async Task CopyOut_200Megabytes_StreamsWithBoundedProxyMemory()
    {
        await using var proxy = await ProxyProcess.StartAsync(_postgres.Port);
        await using var connection = await OpenAsync(proxy);
        await WarmUpAsync(connection);
        var baseline = proxy.PeakResidentKb();

        long total = 0;
        using (var export = await connection.BeginTextExportAsync("copy (select repeat('z', 999) from generate_series(1, 200000)) to stdout"))
        {
            var buffer = new char[65536];
            int n;
            while ((n = await export.ReadAsync(buffer, 0, buffer.Length)) > 0)
            {
                total += n;
            }
        }

        Assert.Equal(200_000_000, total);
        var growth = proxy.PeakResidentKb() - baseline;
        Assert.True(growth < MaxGrowthKb, $"proxy peak RSS grew by {growth} KiB during a 200 MB COPY OUT");
    }

    private static async Task<NpgsqlConnection> OpenAsync(ProxyProcess proxy)
    {
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = proxy.Port,
            Username = PostgresServer.TrustUser,
            Database = PostgresServer.AppDatabase,
            SslMode = SslMode.Disable,
            Pooling = false,
            CommandTimeout = 120,
        };
        var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    /// <summary>Gets JIT, buffers and pools to steady state so the baseline is fair.</summary>
    private static async Task WarmUpAsync(NpgsqlConnection connection)
    {
        await using var command = new NpgsqlCommand("select repeat('w', 1000) from generate_series(1, 20000)", connection);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
        }
    }
}
