using System.Collections.Concurrent;
using System.Diagnostics;
using MaskingProxy.AuditLog.Records;
using MaskingProxy.AuditLog.Verify;
using MaskingProxy.Proxy.Tests.Infrastructure;
using MaskingProxy.Proxy.Tests.Masking;
using Npgsql;
using Xunit;
using Xunit.Abstractions;

namespace MaskingProxy.Proxy.Tests.AuditTrail;

/// <summary>
/// SPEC §6: if the log cannot be written the proxy refuses statements (SQLSTATE 58030) rather than
/// run them unaudited, and serves again by itself once the log is writable. The disk is made full
/// through the writer's file-system seam (<see cref="DiskFullFileSystem"/>: the kernel's ENOSPC), so
/// the failure starts and ends exactly when the test says.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class AuditWriteFailureTests(PostgresServer postgres, ITestOutputHelper output)
{
    private const string AuditDown = "58030";

    [Fact]
    public async Task Insert_AuditDiskFull_Refused58030AndNotRunThenServedAfterHeal()
    {
        await using var env = await FailingAuditEnvironment.StartAsync(postgres);
        var connection = await env.OpenAsync(MaskingEnvironment.ExemptUser);
        Assert.Equal(1, await ExecuteAsync(connection, Insert(1001)));

        env.Disk.Full = true;
        // The first write after the disk filled: its record fails, so it never reaches the database.
        var first = await RefusedAsync(env, connection, Insert(1002));
        Assert.False(env.Sink.IsAvailable);
        // The log is known to be down now: refused before anything is written.
        var second = await RefusedAsync(env, first.Connection, Insert(1003));
        connection = second.Connection;

        Assert.All([first.Error, second.Error], e => Assert.Contains("audit log cannot be written", e.MessageText, StringComparison.Ordinal));
        Assert.True(env.Disk.FailedWrites > 0);

        env.Disk.Full = false;
        var (resumed, served) = await RetryUntilServedAsync(env, connection, 1004);
        await served.DisposeAsync();

        Assert.True(resumed < TimeSpan.FromSeconds(5), $"served again only after {resumed}");
        Assert.Equal([1, 2, 1001, 1004], (await env.IdsInTableAsync()).Order());
        var (trail, verify) = await env.StopAndReadAsync();
        Assert.True(trail.HasStatement(Insert(1001)));
        Assert.True(trail.HasStatement(Insert(1004)));
        Assert.Contains(trail.Records<RecoveryRecord>(), r => r.Kind == RecoveryKind.WriteFailure && r.Rejected > 0);
        Assert.Equal(VerifyOutcome.Intact, verify.Outcome);
    }

    /// <summary>
    /// The refusal the session is built to give while the log is down (PgSession's audit-down
    /// reason): an ordinary ERROR that leaves the session usable, so clients are not disconnected
    /// for statements that never ran. Only a read whose results were already waiting for a failed
    /// record ends the session (FATAL), and none is in flight here.
    /// </summary>
    [Fact]
    public async Task Statement_AuditLogDown_RefusedWithErrorAndSessionKept()
    {
        await using var env = await FailingAuditEnvironment.StartAsync(postgres);
        await using var connection = await env.OpenAsync(MaskingEnvironment.ExemptUser);
        env.Disk.Full = true;
        // Makes the writer notice: a record that fails (on a session of its own).
        var (_, other) = await RefusedAsync(env, await env.OpenAsync(MaskingEnvironment.ExemptUser), Insert(1101));
        await other.DisposeAsync();
        Assert.False(env.Sink.IsAvailable);

        var refused = await Assert.ThrowsAsync<PostgresException>(() => ExecuteAsync(connection, Insert(1102)));

        Assert.Equal(AuditDown, refused.SqlState);
        Assert.Equal("ERROR", refused.Severity);
        Assert.Contains("statements are refused until it recovers", refused.MessageText, StringComparison.Ordinal);
        // The proxy keeps the session (an ERROR followed by ReadyForQuery), but Npgsql itself treats
        // SQLSTATE class 58 (system error) as fatal to the connection and marks it broken; a client
        // reconnects, as it would after the same error from PostgreSQL.
        // At the protocol level: each refusal is ERROR + ReadyForQuery, and the session serves the next one.
        await using (var raw = await Support.RawPgClient.LoginAsync(env.Env.Proxy.Port, MaskingEnvironment.ExemptUser, env.Env.Database))
        {
            for (var attempt = 0; attempt < 2; attempt++)
            {
                await raw.SendAsync(Support.RawPgClient.Query(Insert(1110 + attempt)));
                var answer = await raw.ReadUntilReadyAsync();
                var error = Assert.Single(answer, m => m.Code == 'E');
                Assert.Equal(AuditDown, Support.RawPgClient.Field(error.Body, 'C'));
                Assert.Equal("ERROR", Support.RawPgClient.Field(error.Body, 'S'));
                Assert.Equal('Z', answer[^1].Code);
            }
        }
        env.Disk.Full = false;
        var (_, served) = await RetryUntilServedAsync(env, await env.OpenAsync(MaskingEnvironment.ExemptUser), 1103);
        await served.DisposeAsync();
    }

    [Fact]
    public async Task Workload_AuditDiskFullWhileClientsRun_NothingRunsUnauditedAndServiceResumes()
    {
        await using var env = await FailingAuditEnvironment.StartAsync(postgres);
        var runs = new ConcurrentBag<ClientRun>();
        using var stop = new CancellationTokenSource();
        var healed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        // Two exempt and two masked logins: rewritten and passed-through statements alike.
        var clients = Enumerable.Range(0, 4)
            .Select(c => Task.Run(() => RunClientAsync(env, c, c % 2 == 0 ? MaskingEnvironment.ExemptUser : MaskingEnvironment.MaskedUser, runs, healed.Task, stop.Token)))
            .ToArray();

        // The disk fills once every client is under way (served a few times), so the failure hits
        // statements in flight; then it stays full long enough for every client to be refused.
        var clock = Stopwatch.StartNew();
        while ((runs.Count < 4 || runs.Any(r => Volatile.Read(ref r.Served) < 5)) && clock.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(10);
        }

        env.Disk.Full = true;
        await Task.Delay(1500);
        env.Disk.Full = false;
        healed.SetResult();
        // Each client finishes once it was served after the heal (or gives up after 15 s).
        stop.CancelAfter(TimeSpan.FromSeconds(15));
        await Task.WhenAll(clients);

        var all = runs.ToList();
        var inTable = await env.IdsInTableAsync();
        var (trail, verify) = await env.StopAndReadAsync();
        var summary = string.Join("; ", all.Select(r => r.Describe()));
        output.WriteLine(summary);

        Assert.True(env.Disk.FailedWrites > 0, summary);
        Assert.All(all, r => Assert.True(r.Refused.Count > 0, summary));
        // Refused means not run: no refused INSERT reached the table.
        Assert.All(all.SelectMany(r => r.Refused.Keys), id => Assert.DoesNotContain(id, inTable));
        // Nothing ran unaudited: every row the clients' INSERTs left has its statement record...
        var texts = all.SelectMany(r => r.Inserts).ToDictionary();
        Assert.All(inTable.Where(texts.ContainsKey), id => Assert.True(trail.HasStatement(texts[id]), $"row {id} has no statement record"));
        // ...and everything a client saw succeed is both in the table and in the log.
        Assert.All(all.SelectMany(r => r.Succeeded), id => Assert.Contains(id, inTable));
        Assert.All(all.SelectMany(r => r.Succeeded), id => Assert.True(trail.HasStatement(texts[id])));
        // Service resumed by itself: every client was served again after the heal, without a restart.
        Assert.All(all, r => Assert.True(r.ServedAfterHeal, summary));
        Assert.Contains(trail.Records<RecoveryRecord>(), r => r.Kind == RecoveryKind.WriteFailure);
        Assert.Equal(VerifyOutcome.Intact, verify.Outcome);
    }

    private static string Insert(int id) => $"INSERT INTO people (id, name) VALUES ({id}, 'LIT-7c1f-failure-{id}')";

    private static async Task<int> ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteNonQueryAsync();
    }

    /// <summary>Runs a statement the proxy must refuse with 58030; returns the error and a usable session (a new one if it was closed).</summary>
    private static async Task<(PostgresException Error, NpgsqlConnection Connection)> RefusedAsync(FailingAuditEnvironment env, NpgsqlConnection connection, string sql)
    {
        var error = await Assert.ThrowsAsync<PostgresException>(() => ExecuteAsync(connection, sql));
        Assert.Equal(AuditDown, error.SqlState);
        return (error, await ReopenIfClosedAsync(env, connection));
    }

    /// <summary>Retries one INSERT until the proxy serves it; returns how long that took and the session it ran on.</summary>
    private static async Task<(TimeSpan Elapsed, NpgsqlConnection Connection)> RetryUntilServedAsync(FailingAuditEnvironment env, NpgsqlConnection connection, int id)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                Assert.Equal(1, await ExecuteAsync(connection, Insert(id)));
                return (clock.Elapsed, connection);
            }
            catch (PostgresException e) when (e.SqlState == AuditDown && clock.Elapsed < TimeSpan.FromSeconds(10))
            {
                connection = await ReopenIfClosedAsync(env, connection);
                await Task.Delay(20);
            }
        }
    }

    private static async Task<NpgsqlConnection> ReopenIfClosedAsync(FailingAuditEnvironment env, NpgsqlConnection connection)
    {
        if (connection.State == System.Data.ConnectionState.Open)
        {
            return connection;
        }

        var user = connection.UserName!;
        await connection.DisposeAsync();
        return await env.OpenAsync(user);
    }

    /// <summary>
    /// One client: INSERTs with unique ids and SELECTs in a loop, reconnecting whenever the proxy
    /// closed its session, and noting for each INSERT what the client saw. It stops once it has
    /// been served a few times after the heal, or when the test gives up.
    /// </summary>
    private static async Task RunClientAsync(FailingAuditEnvironment env, int client, string user, ConcurrentBag<ClientRun> runs, Task healed, CancellationToken stop)
    {
        var run = new ClientRun(client, user);
        runs.Add(run);
        NpgsqlConnection? connection = null;
        var servedAfterHeal = 0;

        // Runs one statement; null when it succeeded, otherwise the severity of the 58030 refusal
        // or "unknown" when the session broke some other way (the client cannot tell whether it ran).
        async Task<string?> RunAsync(string sql)
        {
            try
            {
                connection ??= await env.OpenAsync(user);
                await ExecuteAsync(connection, sql);
                return null;
            }
            catch (NpgsqlException e)
            {
                if (connection is not null && (e is not PostgresException || connection.State != System.Data.ConnectionState.Open))
                {
                    await connection.DisposeAsync();
                    connection = null;
                }

                return e is PostgresException { SqlState: AuditDown } refused ? refused.Severity : "unknown";
            }
        }

        try
        {
            for (var i = 0; !stop.IsCancellationRequested && servedAfterHeal < 3; i++)
            {
                var id = 10_000 * (client + 1) + i;
                run.Inserts[id] = Insert(id);
                var wasHealed = healed.IsCompleted;
                switch (await RunAsync(Insert(id)))
                {
                    case null:
                        run.Succeeded.Add(id);
                        Interlocked.Increment(ref run.Served);
                        servedAfterHeal += wasHealed ? 1 : 0;
                        break;
                    case "unknown":
                        run.Unknown.Add(id);
                        break;
                    case var severity:
                        run.Refused[id] = severity;
                        break;
                }

                // Reads too: a read runs while its record is made durable, its results wait for it.
                if (await RunAsync($"SELECT count(*) FROM people WHERE id > {id}") is { } refusedRead)
                {
                    run.RefusedReads.Add(refusedRead);
                }
            }
        }
        finally
        {
            run.ServedAfterHeal = servedAfterHeal > 0;
            if (connection is not null)
            {
                await connection.DisposeAsync();
            }
        }
    }

    private sealed class ClientRun(int client, string user)
    {
        /// <summary>INSERTs served so far, read by the test while the client runs.</summary>
        public int Served;

        public Dictionary<int, string> Inserts { get; } = [];

        public List<int> Succeeded { get; } = [];

        /// <summary>INSERTs refused with 58030, with the severity the client saw.</summary>
        public Dictionary<int, string> Refused { get; } = [];

        public List<int> Unknown { get; } = [];

        /// <summary>Severities of the SELECTs that were refused or broke.</summary>
        public List<string> RefusedReads { get; } = [];

        public bool ServedAfterHeal { get; set; }

        public string Describe() =>
            $"client {client} ({user}): inserts {Succeeded.Count} ok, {Refused.Count} refused ({string.Join(",", Refused.Values.Distinct())}), {Unknown.Count} unknown; "
            + $"reads refused {RefusedReads.Count} ({string.Join(",", RefusedReads.Distinct())}); served after heal: {ServedAfterHeal}";
    }
}
