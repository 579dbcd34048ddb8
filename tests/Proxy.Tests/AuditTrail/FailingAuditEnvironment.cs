using MaskingProxy.AuditLog.Crypto;
using MaskingProxy.AuditLog.Log;
using MaskingProxy.AuditLog.Verify;
using MaskingProxy.Proxy.Auditing;
using MaskingProxy.Proxy.Tests.Auditing;
using MaskingProxy.Proxy.Tests.Infrastructure;
using MaskingProxy.Proxy.Tests.Masking;
using Npgsql;

namespace MaskingProxy.Proxy.Tests.AuditTrail;

/// <summary>
/// The in-process proxy (masking policy of <see cref="MaskingEnvironment"/>) over an audit writer
/// whose disk can be made full (<see cref="DiskFullFileSystem"/>). The writer is built here rather
/// than by <see cref="AuditSetup"/> only to reach that seam; the sink and the sessions are the
/// production ones. A short retry interval keeps the recovery within a test's time budget.
/// </summary>
internal sealed class FailingAuditEnvironment : IAsyncDisposable
{
    public static readonly TimeSpan RetryInterval = TimeSpan.FromMilliseconds(100);

    private readonly AuditTestLog _folder;
    private bool _stopped;
    private bool _closed;

    private FailingAuditEnvironment(AuditTestLog folder, DiskFullFileSystem disk, AuditLogWriter writer, AuditLogSink sink, MaskingEnvironment env)
    {
        _folder = folder;
        Disk = disk;
        Writer = writer;
        Sink = sink;
        Env = env;
    }

    public DiskFullFileSystem Disk { get; }

    public AuditLogWriter Writer { get; }

    public AuditLogSink Sink { get; }

    public MaskingEnvironment Env { get; }

    public string Directory => _folder.Directory;

    public static async Task<FailingAuditEnvironment> StartAsync(PostgresServer postgres)
    {
        var folder = AuditTestLog.Create();
        var disk = new DiskFullFileSystem();
        var options = new AuditLogOptions { Directory = folder.Directory, Durability = DurabilityMode.Sync, RetryInterval = RetryInterval, FileSystem = disk };
        var writer = AuditLogWriter.Open(options, KeyMaterial.Load(folder.Keys.HmacKey, folder.Keys.SigningKey));
        var sink = new AuditLogSink(writer, AuditSetup.DefaultNormalizer());
        var env = await MaskingEnvironment.StartAsync(postgres, sink);
        return new FailingAuditEnvironment(folder, disk, writer, sink, env);
    }

    public async Task<NpgsqlConnection> OpenAsync(string user)
    {
        var builder = Env.Proxy.Builder(user, user == MaskingEnvironment.MaskedUser ? PostgresServer.ScramPassword : null, Env.Database);
        var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    /// <summary>The ids in <c>people</c> that really reached the database, read around the proxy.</summary>
    public async Task<HashSet<int>> IdsInTableAsync()
    {
        var output = await Env.Postgres.RunPsqlAsync("SELECT id FROM people ORDER BY id;", Env.Database);
        return [.. output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse)];
    }

    /// <summary>Stops the proxy and closes the writer (shutdown checkpoint), then reads and verifies the log.</summary>
    public async Task<(RecordedTrail Trail, VerifyResult Verify)> StopAndReadAsync()
    {
        _stopped = true;
        await Env.DisposeAsync();
        _closed = true;
        await Writer.CloseAsync();
        return (RecordedTrail.Read(Directory), _folder.Verify());
    }

    public async ValueTask DisposeAsync()
    {
        Disk.Full = false;
        if (!_stopped)
        {
            await Env.DisposeAsync();
        }

        if (!_closed)
        {
            await Writer.DisposeAsync();
        }

        await _folder.DisposeAsync();
    }
}
