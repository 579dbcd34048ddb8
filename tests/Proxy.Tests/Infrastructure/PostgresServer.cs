using System.Diagnostics;
using System.Globalization;
using System.Text;
using Npgsql;
using Xunit;

namespace MaskingProxy.Proxy.Tests.Infrastructure;

/// <summary>
/// A throwaway PostgreSQL server for the test run: fresh cluster in a temp folder, TCP on 127.0.0.1 at a
/// free port, unix socket inside the temp folder, TLS on with a self-signed certificate, and one login
/// role per authentication method the proxy must relay. Use it through <see cref="PostgresCollection"/>.
/// </summary>
/// <remarks>
/// pg_hba.conf (TCP, 127.0.0.1 and ::1, with or without TLS):
/// <c>postgres</c> and <c>trust_user</c>: trust; <c>scram_user</c>: scram-sha-256; <c>md5_user</c>: md5
/// (its password is stored as MD5, so the server really sends an MD5 challenge); <c>cleartext_user</c>:
/// password (cleartext); any other role: scram-sha-256 (roles created by tests get SCRAM passwords).
/// Unix socket: trust for everyone. fsync is off: the data is disposable and startup/DDL gets faster.
/// </remarks>
public sealed class PostgresServer : IAsyncLifetime
{
    public const string Superuser = "postgres";
    public const string AppDatabase = "app";
    public const string TrustUser = "trust_user";
    public const string ScramUser = "scram_user";
    public const string ScramPassword = "scram_pass";
    public const string Md5User = "md5_user";
    public const string Md5Password = "md5_pass";
    public const string CleartextUser = "cleartext_user";
    public const string CleartextPassword = "clear_pass";

    /// <summary>Room for 200 concurrent proxied sessions plus the proxy's catalog and direct test connections.</summary>
    public const int MaxConnections = 400;

    private const int StartAttempts = 3;

    private string? _root;
    private bool _running;

    /// <summary>Always 127.0.0.1: the server listens on IPv4 loopback only (and its unix socket).</summary>
    public string Host => "127.0.0.1";

    public int Port { get; private set; }

    /// <summary>Folder with initdb, pg_ctl, postgres, psql, pgbench (see <see cref="PostgresBinaries"/>).</summary>
    public string BinDir { get; private set; } = string.Empty;

    public string DataDirectory => Path.Combine(Root, "data");

    /// <summary>Folder of the unix socket (<c>.s.PGSQL.{Port}</c>); usable as Npgsql Host for socket connections.</summary>
    public string SocketDirectory => Path.Combine(Root, "socket");

    /// <summary>The server's stderr log (pg_ctl -l).</summary>
    public string LogPath => Path.Combine(Root, "postgres.log");

    /// <summary>
    /// PEM of the server's self-signed certificate (SAN: localhost, 127.0.0.1, ::1). It is its own CA:
    /// pass it as Npgsql RootCertificate / libpq sslrootcert for verify-full.
    /// </summary>
    public string CaCertificatePath => Path.Combine(Root, "tls", "server.crt");

    /// <summary>How long <see cref="InitializeAsync"/> took (initdb, start, roles).</summary>
    public TimeSpan StartupDuration { get; private set; }

    private string Root => _root ?? throw new InvalidOperationException("The PostgreSQL fixture has not been started.");

    /// <summary>
    /// An Npgsql connection string straight to the server (bypassing any proxy) over TCP, with
    /// SslMode=Disable so tests opt into TLS explicitly (Npgsql's default would be Prefer).
    /// Adjust further with <see cref="NpgsqlConnectionStringBuilder"/>.
    /// </summary>
    public string ConnectionString(string user, string? password = null, string database = AppDatabase) =>
        new NpgsqlConnectionStringBuilder
        {
            Host = Host,
            Port = Port,
            Username = user,
            Password = password,
            Database = database,
            SslMode = SslMode.Disable,
            Timeout = 30,
            IncludeErrorDetail = true,
        }.ConnectionString;

    /// <summary>
    /// Runs a psql script as the superuser over the unix socket and returns its output (unaligned,
    /// tuples only: one row per line, columns separated by '|'). Statements run one by one (so
    /// CREATE DATABASE works) and the first error throws with psql's message.
    /// </summary>
    public async Task<string> RunPsqlAsync(string sql, string database = AppDatabase, CancellationToken cancellationToken = default)
    {
        var result = await ProcessRunner.RunCheckedAsync(
            Path.Combine(BinDir, "psql"),
            ["-X", "-q", "-w", "-A", "-t", "-v", "ON_ERROR_STOP=1",
             "-h", SocketDirectory, "-p", Port.ToString(CultureInfo.InvariantCulture), "-U", Superuser, "-d", database, "-f", "-"],
            Root,
            standardInput: sql,
            cancellationToken: cancellationToken);
        return result.StandardOutput.TrimEnd('\n');
    }

    /// <summary>The server log so far (for assertion messages and debugging).</summary>
    public string ReadLog() => File.Exists(LogPath) ? File.ReadAllText(LogPath) : string.Empty;

    public async Task InitializeAsync()
    {
        var stopwatch = Stopwatch.StartNew();
        BinDir = PostgresBinaries.Locate();
        _root = Directory.CreateTempSubdirectory("maskingproxy-pg-").FullName;
        try
        {
            await CreateClusterAsync();
            await StartAsync();
            await CreateRolesAndDatabaseAsync();
        }
        catch
        {
            await StopAndDeleteAsync();
            throw;
        }

        // A test host that is killed or exits without disposing fixtures must not leave a postmaster
        // behind (PostgreSQL also shuts itself down within a minute once its data folder is gone).
        AppDomain.CurrentDomain.ProcessExit += OnProcessExit;
        StartupDuration = stopwatch.Elapsed;
    }

    public async Task DisposeAsync()
    {
        AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;
        await StopAndDeleteAsync();
    }

    private void OnProcessExit(object? sender, EventArgs e) => StopAndDeleteAsync().GetAwaiter().GetResult();

    private async Task CreateClusterAsync()
    {
        if (!OperatingSystem.IsWindows())
        {
            // The cluster owner (postgres when we are root) must reach the certificate and socket folders.
            File.SetUnixFileMode(Root, (UnixFileMode)0b111_101_101);
        }

        TestCertificates.Write(Path.Combine(Root, "tls"), "server");
        Directory.CreateDirectory(SocketDirectory);
        await ServiceUser.GiveOwnershipAsync(Root);

        await ProcessRunner.RunCheckedAsync(
            Path.Combine(BinDir, "initdb"),
            ["-D", DataDirectory, "-U", Superuser, "-E", "UTF8", "--locale=C", "--no-sync", "--no-instructions",
             "--auth-local=trust", "--auth-host=scram-sha-256"],
            Root,
            asServiceUser: true);

        // Appended settings override initdb's defaults (last one wins). The port is not here: it is
        // passed at start so a retry on a taken port does not have to edit the file.
        var settings = new StringBuilder()
            .AppendLine()
            .AppendLine("# MaskingProxy test fixture")
            .AppendLine("listen_addresses = '127.0.0.1'")
            .AppendLine(CultureInfo.InvariantCulture, $"unix_socket_directories = '{SocketDirectory}'")
            .AppendLine(CultureInfo.InvariantCulture, $"max_connections = {MaxConnections}")
            .AppendLine("superuser_reserved_connections = 3")
            .AppendLine("ssl = on")
            .AppendLine(CultureInfo.InvariantCulture, $"ssl_cert_file = '{CaCertificatePath}'")
            .AppendLine(CultureInfo.InvariantCulture, $"ssl_key_file = '{Path.Combine(Root, "tls", "server.key")}'")
            .AppendLine("password_encryption = 'scram-sha-256'")
            .AppendLine("fsync = off")
            .AppendLine("synchronous_commit = off")
            .AppendLine("full_page_writes = off")
            .AppendLine("shared_buffers = 128MB")
            .AppendLine("lc_messages = 'C'")
            .AppendLine("timezone = 'UTC'")
            .AppendLine("log_timezone = 'UTC'")
            .AppendLine("log_line_prefix = '%m [%p] %q%u@%d '")
            .ToString();
        await File.AppendAllTextAsync(Path.Combine(DataDirectory, "postgresql.conf"), settings);

        // Rewriting the existing files (not replacing them) keeps their owner and mode.
        await File.WriteAllTextAsync(Path.Combine(DataDirectory, "pg_hba.conf"), """
            # TYPE  DATABASE     USER                     ADDRESS        METHOD
            local   all          all                                     trust
            local   replication  all                                     trust
            host    all          postgres,trust_user      127.0.0.1/32   trust
            host    all          postgres,trust_user      ::1/128        trust
            host    all          md5_user                 127.0.0.1/32   md5
            host    all          md5_user                 ::1/128        md5
            host    all          cleartext_user           127.0.0.1/32   password
            host    all          cleartext_user           ::1/128        password
            host    all          all                      127.0.0.1/32   scram-sha-256
            host    all          all                      ::1/128        scram-sha-256
            host    replication  postgres                 127.0.0.1/32   trust
            host    replication  all                      127.0.0.1/32   scram-sha-256

            """);
    }

    private async Task StartAsync()
    {
        for (var attempt = 1; ; attempt++)
        {
            Port = FreePort.Next();
            var result = await ProcessRunner.RunAsync(
                Path.Combine(BinDir, "pg_ctl"),
                ["start", "-D", DataDirectory, "-l", LogPath, "-w", "-t", "60",
                 "-o", $"-p {Port.ToString(CultureInfo.InvariantCulture)}"],
                Root,
                asServiceUser: true,
                timeout: TimeSpan.FromSeconds(90));
            if (result.Succeeded)
            {
                _running = true;
                return;
            }

            var log = ReadLog();
            var portTaken = log.Contains("could not bind", StringComparison.Ordinal) ||
                            log.Contains("Address already in use", StringComparison.Ordinal);
            if (!portTaken || attempt == StartAttempts)
            {
                throw new InvalidOperationException(
                    $"PostgreSQL ({BinDir}) failed to start on 127.0.0.1:{Port} (attempt {attempt}).{Environment.NewLine}" +
                    result.Describe() + Environment.NewLine +
                    $"--- server log {LogPath} ---{Environment.NewLine}{Tail(log, 60)}");
            }

            // Another process grabbed the port between FreePort and bind: make sure nothing is left
            // running, start over with a clean log, and try another port.
            await StopServerAsync();
            File.Delete(LogPath);
        }
    }

    private Task CreateRolesAndDatabaseAsync() => RunPsqlAsync(
        """
        CREATE ROLE trust_user LOGIN;
        CREATE ROLE scram_user LOGIN PASSWORD 'scram_pass';
        SET password_encryption = 'md5';
        CREATE ROLE md5_user LOGIN PASSWORD 'md5_pass';
        RESET password_encryption;
        CREATE ROLE cleartext_user LOGIN PASSWORD 'clear_pass';
        CREATE DATABASE app OWNER postgres;
        """,
        database: "postgres");

    private async Task StopServerAsync()
    {
        // Immediate mode: nothing here is worth a checkpoint, and it stops even with clients attached.
        await ProcessRunner.RunAsync(
            Path.Combine(BinDir, "pg_ctl"),
            ["stop", "-D", DataDirectory, "-m", "immediate", "-w", "-t", "30"],
            Root,
            asServiceUser: true,
            timeout: TimeSpan.FromSeconds(45));
        _running = false;
    }

    private async Task StopAndDeleteAsync()
    {
        if (_root is null)
        {
            return;
        }

        try
        {
            if (_running)
            {
                await StopServerAsync();
            }
        }
        finally
        {
            try
            {
                Directory.Delete(_root, recursive: true);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // A leftover temp folder is harmless; failing the test run for it is not worth it.
            }

            _root = null;
        }
    }

    private static string Tail(string text, int lines)
    {
        var all = text.Split('\n');
        return string.Join('\n', all.Skip(Math.Max(0, all.Length - lines)));
    }
}
