using System.Diagnostics;
using MaskingProxy.AuditLog.Records;
using MaskingProxy.AuditLog.Verify;
using MaskingProxy.Proxy.Auditing;
using MaskingProxy.Proxy.Hosting;
using MaskingProxy.Proxy.Tests.Auditing;
using MaskingProxy.Proxy.Tests.Infrastructure;
using MaskingProxy.Proxy.Tests.Masking;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Xunit;

namespace MaskingProxy.Proxy.Tests.AuditTrail;

/// <summary>
/// The write-failure behaviour of <see cref="AuditWriteFailureTests"/> on a real full file system:
/// the audit directory is a 1 MiB tmpfs, opened the way the host opens it (<see cref="AuditSetup"/>,
/// physical files, default retry interval), and filled up by another file. No seam is involved, so
/// this also checks that the kernel's ENOSPC reaches the writer as a failure and that freeing space
/// is all the operator has to do.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class AuditDiskFullTmpfsTests(PostgresServer postgres)
{
    [TmpfsFact]
    public async Task Insert_AuditFileSystemFull_Refused58030AndNotRunThenServedOnceSpaceIsFreed()
    {
        await using var folder = AuditTestLog.Create();
        using var tmpfs = TmpfsMount.Mount(folder.Directory, 1024 * 1024);
        var config = new AuditConfig(folder.Directory, "sync", folder.Keys.HmacKey, folder.Keys.SigningKey, 1000, 5, null);
        var audit = AuditSetup.Open(config, NullLoggerFactory.Instance);
        var refused = new List<int>();
        int served;
        try
        {
            var env = await MaskingEnvironment.StartAsync(postgres, audit.Sink);
            try
            {
                NpgsqlConnection connection = await env.OpenAsync(MaskingEnvironment.ExemptUser);
                var filler = tmpfs.Fill();
                // The segment's last page may still have room: write until the log really cannot grow.
                var id = 2000;
                while (refused.Count == 0 && id < 2400)
                {
                    try
                    {
                        await ExecuteAsync(connection, Insert(++id));
                    }
                    catch (PostgresException e) when (e.SqlState == "58030")
                    {
                        refused.Add(id);
                        connection = await ReopenIfClosedAsync(env, connection);
                    }
                }

                Assert.NotEmpty(refused);
                Assert.False(audit.Sink.IsAvailable);
                Assert.Empty((await IdsInTableAsync(env)).Intersect(refused));

                File.Delete(filler);
                served = ++id;
                var clock = Stopwatch.StartNew();
                while (true)
                {
                    try
                    {
                        await ExecuteAsync(connection, Insert(served));
                        break;
                    }
                    catch (PostgresException e) when (e.SqlState == "58030" && clock.Elapsed < TimeSpan.FromSeconds(10))
                    {
                        connection = await ReopenIfClosedAsync(env, connection);
                        await Task.Delay(50);
                    }
                }

                await connection.DisposeAsync();
                Assert.Contains(served, await IdsInTableAsync(env));
            }
            finally
            {
                await env.DisposeAsync();
            }
        }
        finally
        {
            foreach (var service in audit.Services.Reverse())
            {
                await service.StopAsync(CancellationToken.None);
            }

            await audit.DisposeAsync();
        }

        var trail = RecordedTrail.Read(folder.Directory);
        Assert.True(trail.HasStatement(Insert(served)));
        Assert.Contains(trail.Records<RecoveryRecord>(), r => r.Kind == RecoveryKind.WriteFailure);
        Assert.Equal(VerifyOutcome.Intact, folder.Verify().Outcome);
    }

    private static string Insert(int id) => $"INSERT INTO people (id, name) VALUES ({id}, 'LIT-7c1f-tmpfs-{id}')";

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<NpgsqlConnection> ReopenIfClosedAsync(MaskingEnvironment env, NpgsqlConnection connection)
    {
        if (connection.State == System.Data.ConnectionState.Open)
        {
            return connection;
        }

        await connection.DisposeAsync();
        return await env.OpenAsync(MaskingEnvironment.ExemptUser);
    }

    private static async Task<IEnumerable<int>> IdsInTableAsync(MaskingEnvironment env)
    {
        var output = await env.Postgres.RunPsqlAsync("SELECT id FROM people;", env.Database);
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse);
    }
}
