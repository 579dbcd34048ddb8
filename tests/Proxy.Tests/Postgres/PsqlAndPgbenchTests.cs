using System.Globalization;
using MaskingProxy.Proxy.Tests.Infrastructure;
using MaskingProxy.Proxy.Tests.Support;
using Xunit;

namespace MaskingProxy.Proxy.Tests.Postgres;

/// <summary>libpq clients — psql and pgbench — through the proxy, as an operator would use them.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PsqlAndPgbenchTests(PostgresServer postgres) : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("maskingproxy-psql-").FullName;

    public void Dispose()
    {
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // Best effort.
        }
    }

    [Fact]
    public async Task Psql_MultiStatementCommand_PrintsEveryResult()
    {
        await using var proxy = RunningProxy.Start(postgres);

        var result = await PsqlAsync(proxy, PostgresServer.AppDatabase, "-c", "select 1; select 2");

        Assert.True(result.Succeeded, result.Describe());
        Assert.Equal("1\n2", result.StandardOutput.TrimEnd('\n'));
    }

    [Fact]
    public async Task Psql_ErrorInScript_ReportsServerErrorAndExitsNonZero()
    {
        await using var proxy = RunningProxy.Start(postgres);

        var result = await PsqlAsync(proxy, PostgresServer.AppDatabase, "-v", "ON_ERROR_STOP=1", "-c", "select 1/0");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("division by zero", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Psql_BackslashCopyFromAndToFile_RoundTrips()
    {
        await using var proxy = RunningProxy.Start(postgres);
        var input = Path.Combine(_folder, "in.csv");
        var output = Path.Combine(_folder, "out.csv");
        var lines = Enumerable.Range(1, 5000).Select(i => string.Create(CultureInfo.InvariantCulture, $"{i},name {i},\"quoted, {i}\"")).ToList();
        await File.WriteAllLinesAsync(input, lines);

        var result = await PsqlAsync(
            proxy,
            PostgresServer.AppDatabase,
            "-c", "create temp table psql_copy (id int, name text, note text)",
            "-c", $"\\copy psql_copy from '{input}' with (format csv)",
            "-c", $"\\copy (select * from psql_copy order by id) to '{output}' with (format csv)",
            "-c", "select count(*), sum(id) from psql_copy");

        Assert.True(result.Succeeded, result.Describe());
        Assert.Contains("5000|12502500", result.StandardOutput, StringComparison.Ordinal);
        Assert.Equal(lines, await File.ReadAllLinesAsync(output));
    }

    [Theory]
    [InlineData("simple")]
    [InlineData("extended")]
    [InlineData("prepared")]
    public async Task Pgbench_SelectOnlyFourClients_AllTransactionsSucceed(string protocol)
    {
        await using var proxy = RunningProxy.Start(postgres);
        var database = await CreateDatabaseAsync("pgb_" + protocol);
        try
        {
            // Initialization goes through the proxy too (it uses COPY for the data).
            var init = await PgbenchAsync(proxy, database, "-i", "-s", "1", "-q");
            Assert.True(init.Succeeded, init.Describe());

            var run = await PgbenchAsync(proxy, database, "-S", "-t", "200", "-c", "4", "-M", protocol, "-n");

            Assert.True(run.Succeeded, run.Describe());
            Assert.Contains("number of transactions actually processed: 800/800", run.StandardOutput, StringComparison.Ordinal);
            AssertNoFailures(run);
        }
        finally
        {
            await DropDatabaseAsync(database);
        }
    }

    [Fact]
    public async Task Pgbench_TpcbLikeWritesPrepared_AllTransactionsSucceed()
    {
        await using var proxy = RunningProxy.Start(postgres);
        var database = await CreateDatabaseAsync("pgb_tpcb");
        try
        {
            var init = await PgbenchAsync(proxy, database, "-i", "-s", "1", "-q");
            Assert.True(init.Succeeded, init.Describe());

            var run = await PgbenchAsync(proxy, database, "-t", "50", "-c", "2", "-M", "prepared", "-n");

            Assert.True(run.Succeeded, run.Describe());
            Assert.Contains("number of transactions actually processed: 100/100", run.StandardOutput, StringComparison.Ordinal);
            AssertNoFailures(run);
            var history = await postgres.RunPsqlAsync("select count(*) from pgbench_history", database);
            Assert.Equal("100", history.Trim());
        }
        finally
        {
            await DropDatabaseAsync(database);
        }
    }

    private static void AssertNoFailures(ProcessResult run)
    {
        var failedLine = run.StandardOutput.Split('\n').FirstOrDefault(l => l.StartsWith("number of failed transactions:", StringComparison.Ordinal));
        if (failedLine is not null)
        {
            Assert.StartsWith("number of failed transactions: 0 ", failedLine, StringComparison.Ordinal);
        }
        Assert.DoesNotContain("error", run.StandardError, StringComparison.OrdinalIgnoreCase);
    }

    private async Task<string> CreateDatabaseAsync(string prefix)
    {
        var name = $"{prefix}_{Guid.NewGuid():N}"[..30];
        await postgres.RunPsqlAsync($"create database {name} owner {PostgresServer.TrustUser}");
        return name;
    }

    private Task DropDatabaseAsync(string name) => postgres.RunPsqlAsync($"drop database if exists {name} with (force)");

    private Task<ProcessResult> PsqlAsync(RunningProxy proxy, string database, params string[] arguments) =>
        ProcessRunner.RunAsync(
            Path.Combine(postgres.BinDir, "psql"),
            ["-X", "-w", "-A", "-t", "-d", ConnInfo(proxy, database), .. arguments],
            _folder,
            timeout: TimeSpan.FromSeconds(60));

    private Task<ProcessResult> PgbenchAsync(RunningProxy proxy, string database, params string[] arguments) =>
        ProcessRunner.RunAsync(
            Path.Combine(postgres.BinDir, "pgbench"),
            ["-h", "127.0.0.1", "-p", proxy.Port.ToString(CultureInfo.InvariantCulture), "-U", PostgresServer.TrustUser, .. arguments, database],
            _folder,
            timeout: TimeSpan.FromSeconds(90));

    /// <summary>
    /// TCP to the proxy as the trust role; ProcessRunner clears PG* variables, so no PGPASSWORD or
    /// PGSSLMODE from the environment leaks in.
    /// </summary>
    private static string ConnInfo(RunningProxy proxy, string database) =>
        $"host=127.0.0.1 port={proxy.Port} user={PostgresServer.TrustUser} dbname={database} connect_timeout=10";
}
