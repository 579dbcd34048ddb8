using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using MaskingProxy.AuditLog.Crypto;
using MaskingProxy.AuditLog.Records;
using MaskingProxy.Proxy.Tests.Infrastructure;
using MaskingProxy.Proxy.Tests.Support;
using Npgsql;
using Xunit;
using Xunit.Abstractions;

namespace MaskingProxy.Proxy.Tests.AuditTrail;

/// <summary>
/// SPEC §6: in sync mode nothing a statement returns reaches the client before its record is on
/// disk, and a crash at any moment leaves a log that verifies. The real executable is killed with
/// SIGKILL (no shutdown hook runs, no checkpoint is written) while four clients write and read;
/// afterwards every statement a client saw succeed must have its record, the log must verify with
/// only its tail reported open, and the next proxy on the directory must recover it.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ProxyCrashTests(PostgresServer postgres, ITestOutputHelper output) : IAsyncLifetime
{
    private const int Clients = 4;

    private const string Policy = """
        version: 1
        name: crash-tests
        exempt: []
        defaults:
          unparseable: deny
          predicates: mask
          copy_out: mask
          dynamic_sql: deny
        rules:
          - id: secret
            columns: ["public.events.secret"]
            mask: { keep: { first: 1, last: 1 } }
        """;

    private readonly string _root = Directory.CreateTempSubdirectory("audit-crash-").FullName;
    private readonly string _database = "crash_" + Guid.NewGuid().ToString("N")[..12];
    private KeyFilePaths _keys = null!;

    private string AuditDirectory => Path.Combine(_root, "audit");

    public async Task InitializeAsync()
    {
        _keys = AuditKeyFiles.Init(Path.Combine(_root, "keys"));
        await File.WriteAllTextAsync(Path.Combine(_root, "policy.yaml"), Policy);
        await postgres.RunPsqlAsync($"CREATE DATABASE {_database};", "postgres");
        await postgres.RunPsqlAsync($"""
            CREATE TABLE public.events (id bigint PRIMARY KEY, client int NOT NULL, secret text);
            GRANT ALL ON public.events TO {PostgresServer.TrustUser};
            """, _database);
    }

    public async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await postgres.RunPsqlAsync($"DROP DATABASE IF EXISTS {_database} WITH (FORCE);", "postgres");
        Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public async Task Kill9_ClientsWritingAndReading_EverySucceededStatementRecordedLogVerifiesAndNextStartRecovers()
    {
        var succeeded = new ConcurrentQueue<string>();
        long lastSeqBeforeCrash;
        await using (var proxy = await StartProxyAsync())
        {
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            var counts = new int[Clients];
            var clients = Enumerable.Range(0, Clients).Select(c => Task.Run(() => RunClientAsync(proxy.Port, c, succeeded, counts, stop.Token))).ToArray();

            // Kill mid-run: once every client is well into its loop (statements are in flight on all four).
            var clock = Stopwatch.StartNew();
            while (Enumerable.Range(0, Clients).Any(c => Volatile.Read(ref counts[c]) < 30) && clock.Elapsed < TimeSpan.FromSeconds(10))
            {
                await Task.Delay(20);
            }

            using (var process = Process.GetProcessById(proxy.Pid))
            {
                process.Kill(); // SIGKILL on Unix: the process gets no chance to close the log
            }

            Assert.Equal(128 + 9, await proxy.WaitForExitAsync(TimeSpan.FromSeconds(10))); // killed by signal 9
            await Task.WhenAll(clients);
            Assert.All(counts, n => Assert.True(n >= 1, $"a client never got going: {string.Join(",", counts)}"));
            lastSeqBeforeCrash = RecordedTrail.Read(AuditDirectory).Entries[^1].Seq;
        }

        // Strict verification refuses the log: no writer holds the lock and the chain does not end
        // with a shutdown checkpoint, which is exactly what cutting records off the end would look
        // like (docs/audit-format.md §8). Not tampering, just an unsigned tail: the records all link.
        var strict = await AuditVerifyCli.RunAsync(AuditDirectory, _keys);
        Assert.True(strict.ExitCode == 1, strict.Describe());
        Assert.Matches("UnsignedTail|TornTail", strict.StandardOutput);
        // --allow-open-tail is the flag for "the proxy crashed and has not restarted yet": every
        // hash, MAC and signature is checked and only the unsigned tail is reported, as open or torn.
        var crashed = await AuditVerifyCli.RunAsync(AuditDirectory, _keys, allowOpenTail: true);
        Assert.True(crashed.ExitCode == 0, crashed.Describe());
        Assert.Matches(@"tail:\s+(open|torn)", crashed.StandardOutput);

        var trail = RecordedTrail.Read(AuditDirectory);
        var seen = succeeded.ToList();
        output.WriteLine($"{seen.Count} statements succeeded before the kill; log ends at seq {lastSeqBeforeCrash}; {crashed.StandardOutput}");
        Assert.All(seen, text => Assert.True(trail.HasStatement(text), $"succeeded without a record: {text}"));
        // Stronger for writes: every row in the table, seen by its client or not, was recorded before it ran.
        var rows = await postgres.RunPsqlAsync("SELECT id, client FROM events;", _database);
        foreach (var row in rows.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = row.Split('|');
            var text = Insert(long.Parse(parts[0], CultureInfo.InvariantCulture), int.Parse(parts[1], CultureInfo.InvariantCulture));
            Assert.True(trail.HasStatement(text), $"row written without a record: {text}");
        }

        // The next proxy on the directory cuts a torn line if there is one, says so in a recovery
        // record, and goes on appending to the same chain.
        await using (var restarted = await StartProxyAsync())
        {
            await using (var connection = new NpgsqlConnection(ConnectionString(restarted.Port)))
            {
                await connection.OpenAsync();
                await using var command = new NpgsqlCommand(Insert(1, 0), connection);
                Assert.Equal(1, await command.ExecuteNonQueryAsync());
            }

            var live = await AuditVerifyCli.RunAsync(AuditDirectory, _keys);
            Assert.True(live.ExitCode == 0, live.Describe());
            Assert.Contains("tail:                 live", live.StandardOutput, StringComparison.Ordinal);

            restarted.SendSigterm();
            Assert.Equal(0, await restarted.WaitForExitAsync(TimeSpan.FromSeconds(20)));
        }

        var after = RecordedTrail.Read(AuditDirectory);
        var recoveries = after.Entries.Where(e => e.Record is RecoveryRecord).ToList();
        Assert.NotEmpty(recoveries);
        Assert.All(recoveries, r => Assert.True(r.Seq > lastSeqBeforeCrash));
        Assert.All(recoveries, r => Assert.Contains(((RecoveryRecord)r.Record).Kind, new[] { RecoveryKind.TornTail, RecoveryKind.UncleanShutdown }));
        Assert.Single(after.Entries.Select(e => e.ChainId).Distinct());
        Assert.True(after.HasStatement(Insert(1, 0)));
        var closed = await AuditVerifyCli.RunAsync(AuditDirectory, _keys);
        Assert.True(closed.ExitCode == 0, closed.Describe());
        Assert.Contains("tail:                 closed", closed.StandardOutput, StringComparison.Ordinal);
    }

    private static string Insert(long id, int client) => $"INSERT INTO events (id, client, secret) VALUES ({id}, {client}, 'LIT-7c1f-crash-{id}')";

    private static string Select(long id, int client) => $"SELECT id, secret FROM events WHERE client = {client} AND id >= {id - 3}";

    private string ConnectionString(int port) => new NpgsqlConnectionStringBuilder(postgres.ConnectionString(PostgresServer.TrustUser, database: _database))
    {
        Port = port,
        Pooling = false,
    }.ConnectionString;

    private Task<ProxyProcess> StartProxyAsync() => ProxyProcess.StartAsync(postgres.Port, extraYaml: $"""
        catalog:
          connection_string: "{postgres.ConnectionString(PostgresServer.Superuser, database: _database)}"
          refresh_seconds: 3600
        policy: {Path.Combine(_root, "policy.yaml")}
        audit:
          dir: {AuditDirectory}
          durability: sync
          hmac_key: {_keys.HmacKey}
          signing_key: {_keys.SigningKey}
          checkpoint:
            records: 100
            seconds: 1
        """);

    /// <summary>
    /// INSERTs with unique ids and masked SELECTs in a loop until the proxy dies; a statement
    /// counts as succeeded only once the client has its complete answer.
    /// </summary>
    private async Task RunClientAsync(int port, int client, ConcurrentQueue<string> succeeded, int[] counts, CancellationToken stop)
    {
        try
        {
            await using var connection = new NpgsqlConnection(ConnectionString(port));
            await connection.OpenAsync(stop);
            for (long i = 1; !stop.IsCancellationRequested; i++)
            {
                var id = (client + 1) * 1_000_000L + i;
                await using (var insert = new NpgsqlCommand(Insert(id, client), connection))
                {
                    await insert.ExecuteNonQueryAsync(stop);
                }

                succeeded.Enqueue(Insert(id, client));
                await using (var select = new NpgsqlCommand(Select(id, client), connection))
                await using (var reader = await select.ExecuteReaderAsync(stop))
                {
                    while (await reader.ReadAsync(stop))
                    {
                    }
                }

                succeeded.Enqueue(Select(id, client));
                Interlocked.Increment(ref counts[client]);
            }
        }
        catch (Exception e) when (e is NpgsqlException or OperationCanceledException or IOException)
        {
            // The proxy was killed under the client: whatever was in flight did not succeed for it.
        }
    }
}
