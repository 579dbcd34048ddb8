using MaskingProxy.Proxy.Auditing;
using MaskingProxy.Proxy.Hosting;
using MaskingProxy.Proxy.Tests.Auditing;
using MaskingProxy.Proxy.Tests.Infrastructure;
using MaskingProxy.Proxy.Tests.Masking;
using MaskingProxy.Proxy.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Xunit;

namespace MaskingProxy.Proxy.Tests.AuditTrail;

/// <summary>
/// One run of every statement type through the in-process proxy with the masking policy of
/// <see cref="MaskingEnvironment"/> and a real synchronous audit log opened the way the host opens it
/// (<see cref="AuditSetup.Open"/>, services started and stopped around the listeners). Everything a
/// test checks is captured before the scratch folder and database are removed: the records as the
/// library parses them, the raw segment bytes, what the clients saw and the CLI verdict.
/// </summary>
internal sealed class AuditedWorkload
{
    /// <summary>Every literal in the workload contains this; hex digests cannot (they have no '-').</summary>
    public const string LiteralMarker = "7c1f-";

    public const string Application = "audit-trail-tests";

    public const string SelectMasked = "SELECT id, name, ssn FROM people WHERE name <> 'LIT-7c1f-select-d41' ORDER BY id";
    public const string Denied = "SELECT upper(phone) FROM people WHERE name <> 'LIT-7c1f-deny-5b0'";
    public const string Insert = "INSERT INTO people (id, name, email) VALUES (101, 'LIT-7c1f-insert-9a2', 'LIT-7c1f-mail-3e8@example.com')";
    public const string Update = "UPDATE people SET name = 'LIT-7c1f-update-c37' WHERE id = 101";
    public const string Delete = "DELETE FROM people WHERE name = 'LIT-7c1f-update-c37'";
    public const string Duplicate = "INSERT INTO people (id, name) VALUES (1, 'LIT-7c1f-duplicate-77d')";

    /// <summary>Prepared once, executed three times with these parameters (the second is a literal-like value too).</summary>
    public const string Prepared = "SELECT id, ssn FROM people WHERE id = $1 AND name <> $2 AND name <> 'LIT-7c1f-prepared-e15'";
    public const string PreparedParameter = "LIT-7c1f-param-0b6";
    public static readonly int[] PreparedIds = [1, 2, 1];

    /// <summary>
    /// One simple-protocol Query message holding three statements, joined by ';'. A statement's
    /// <c>statement_sm3</c> covers its text exactly as it stands in the message between the
    /// separators (PostgreSQL's statement locations), so the space after a ';' is part of it.
    /// </summary>
    public static readonly string[] MultiParts =
    [
        "SELECT 'LIT-7c1f-multi-1a9' AS a",
        " UPDATE people SET name = 'LIT-7c1f-multi-2b8' WHERE id = 2",
        " SELECT count(*) FROM people WHERE name = 'LIT-7c1f-multi-3c7'",
    ];

    public const string WrongPassword = "LIT-7c1f-password-e2a";

    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static AuditedWorkload? _done;

    private AuditedWorkload()
    {
    }

    public static string Multi => string.Join(";", MultiParts);

    public RecordedTrail Trail { get; private set; } = null!;

    /// <summary>Every segment file's bytes, concatenated: what a grep of the directory sees.</summary>
    public byte[] LogBytes { get; private set; } = [];

    /// <summary><c>maskingproxy audit verify</c> (strict tail rule) after the proxy stopped.</summary>
    public ProcessResult Verify { get; private set; } = null!;

    public string Database { get; private set; } = string.Empty;

    public string SqlStateOfDenied { get; private set; } = string.Empty;

    public string SqlStateOfDuplicate { get; private set; } = string.Empty;

    public string SqlStateOfWrongPassword { get; private set; } = string.Empty;

    public List<long> PreparedRows { get; } = [];

    /// <summary>The workload runs once per test run; each test checks one aspect of the log it left.</summary>
    public static async Task<AuditedWorkload> GetAsync(PostgresServer postgres)
    {
        await Gate.WaitAsync();
        try
        {
            return _done ??= await RunAsync(postgres);
        }
        finally
        {
            Gate.Release();
        }
    }

    private static async Task<AuditedWorkload> RunAsync(PostgresServer postgres)
    {
        await using var folder = AuditTestLog.Create();
        var config = new AuditConfig(folder.Directory, "sync", folder.Keys.HmacKey, folder.Keys.SigningKey, 1000, 5, null);
        var audit = AuditSetup.Open(config, NullLoggerFactory.Instance);
        var workload = new AuditedWorkload();
        try
        {
            foreach (var service in audit.Services)
            {
                await service.StartAsync(CancellationToken.None);
            }

            var env = await MaskingEnvironment.StartAsync(postgres, audit.Sink);
            workload.Database = env.Database;
            try
            {
                await workload.RunMaskedSessionAsync(env);
                await workload.RunWrongPasswordAsync(env);
                await RunSimpleMultiStatementAsync(env);
            }
            finally
            {
                // The proxy drains first (close records), then the log writes proxy_stop and its
                // shutdown checkpoint, as the host does on SIGTERM.
                await env.DisposeAsync();
                for (var i = audit.Services.Count - 1; i >= 0; i--)
                {
                    await audit.Services[i].StopAsync(CancellationToken.None);
                }
            }
        }
        finally
        {
            await audit.DisposeAsync();
        }

        workload.LogBytes = Directory.GetFiles(folder.Directory, "audit-*.jsonl").Order(StringComparer.Ordinal).SelectMany(File.ReadAllBytes).ToArray();
        workload.Trail = RecordedTrail.Read(folder.Directory);
        workload.Verify = await AuditVerifyCli.RunAsync(folder.Directory, folder.Keys);
        return workload;
    }

    private async Task RunMaskedSessionAsync(MaskingEnvironment env)
    {
        var builder = env.Proxy.Builder(MaskingEnvironment.MaskedUser, PostgresServer.ScramPassword, env.Database);
        builder.ApplicationName = Application;
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync();

        await using (var select = new NpgsqlCommand(SelectMasked, connection))
        await using (var reader = await select.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                // Drained so the outcome (row count from CommandComplete) is the whole result.
            }
        }

        SqlStateOfDenied = await SqlStateOfAsync(connection, Denied);
        Assert.Equal(1, await ExecuteAsync(connection, Insert));
        Assert.Equal(1, await ExecuteAsync(connection, Update));
        Assert.Equal(1, await ExecuteAsync(connection, Delete));
        SqlStateOfDuplicate = await SqlStateOfAsync(connection, Duplicate);

        await using var prepared = new NpgsqlCommand(Prepared, connection);
        prepared.Parameters.Add(new NpgsqlParameter { Value = 0 });
        prepared.Parameters.Add(new NpgsqlParameter { Value = PreparedParameter });
        await prepared.PrepareAsync();
        foreach (var id in PreparedIds)
        {
            prepared.Parameters[0].Value = id;
            long rows = 0;
            await using var reader = await prepared.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                rows++;
            }

            PreparedRows.Add(rows);
        }
    }

    private async Task RunWrongPasswordAsync(MaskingEnvironment env)
    {
        var builder = env.Proxy.Builder(MaskingEnvironment.MaskedUser, WrongPassword, env.Database);
        builder.ApplicationName = Application;
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        var error = await Assert.ThrowsAsync<PostgresException>(() => connection.OpenAsync());
        SqlStateOfWrongPassword = error.SqlState;
    }

    /// <summary>Npgsql always uses the extended protocol, so the multi-statement Query message is sent raw.</summary>
    private static async Task RunSimpleMultiStatementAsync(MaskingEnvironment env)
    {
        await using var client = await RawPgClient.ConnectAsync(env.Proxy.Port);
        await client.SendAsync(RawPgClient.Startup(MaskingEnvironment.ExemptUser, env.Database, "application_name", Application));
        await client.ReadUntilReadyAsync();
        await client.SendAsync(RawPgClient.Query(Multi));
        var replies = await client.ReadUntilReadyAsync();
        Assert.True(replies.All(m => m.Code != 'E'), RawPgClient.Describe(replies));
        Assert.Equal(3, replies.Count(m => m.Code == 'C'));
        await client.SendAsync(RawPgClient.Terminate());
        await client.ReadUntilClosedAsync();
    }

    private static async Task<int> ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteNonQueryAsync();
    }

    private static async Task<string> SqlStateOfAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        var error = await Assert.ThrowsAsync<PostgresException>(() => command.ExecuteNonQueryAsync());
        return error.SqlState;
    }
}
