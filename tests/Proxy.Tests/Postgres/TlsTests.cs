using System.Buffers.Binary;
using System.Net.Sockets;
using MaskingProxy.Proxy.Hosting;
using MaskingProxy.Proxy.Tests.Infrastructure;
using MaskingProxy.Proxy.Tests.Support;
using Npgsql;
using Xunit;

namespace MaskingProxy.Proxy.Tests.Postgres;

/// <summary>
/// TLS on both legs (SPEC §5, §8): the proxy terminates client TLS with its configured certificate
/// (or answers 'N'), and opens its own backend TLS per backend_tls. SCRAM must keep working across
/// the TLS-terminating proxy, where channel binding cannot.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class TlsTests(PostgresServer postgres)
{
    private const int SslRequestCode = 80877103;
    private const int GssEncRequestCode = 80877104;

    private static readonly Lazy<CertificateFiles> ProxyCertificate = new(() =>
        TestCertificates.Write(Directory.CreateTempSubdirectory("maskingproxy-tls-").FullName, "proxy"));

    private static TlsConfig ProxyTls => new(ProxyCertificate.Value.CertificatePath, ProxyCertificate.Value.KeyPath);

    /// <summary>A client that insists on TLS and verifies the proxy's certificate (and host name).</summary>
    private static NpgsqlConnectionStringBuilder TlsClient(RunningProxy proxy, string user, string? password, ChannelBinding channelBinding = ChannelBinding.Prefer)
    {
        var builder = proxy.Builder(user, password);
        builder.SslMode = SslMode.VerifyFull;
        builder.RootCertificate = ProxyCertificate.Value.CertificatePath;
        builder.ChannelBinding = channelBinding;
        return builder;
    }

    [Theory]
    [InlineData(BackendTlsMode.Disable, false)]
    [InlineData(BackendTlsMode.Prefer, true)]
    [InlineData(BackendTlsMode.Require, true)]
    public async Task ClientTls_BackendTlsMode_BackendLegEncryptedAccordingly(BackendTlsMode backendTls, bool expectBackendSsl)
    {
        await using var proxy = RunningProxy.Start(postgres, tls: ProxyTls, backendTls: backendTls);
        await using var connection = new NpgsqlConnection(TlsClient(proxy, PostgresServer.TrustUser, null).ConnectionString);
        await connection.OpenAsync();

        await using var command = new NpgsqlCommand("select ssl from pg_stat_ssl where pid = pg_backend_pid()", connection);
        Assert.Equal(expectBackendSsl, await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task ClientTls_VerifyFullAgainstProxyCertificate_QueriesWork()
    {
        await using var proxy = RunningProxy.Start(postgres, tls: ProxyTls, backendTls: BackendTlsMode.Require);
        await using var connection = new NpgsqlConnection(TlsClient(proxy, PostgresServer.TrustUser, null).ConnectionString);
        await connection.OpenAsync();

        // A result bigger than one TLS record on both legs.
        await using var command = new NpgsqlCommand("select string_agg(md5(i::text), '') from generate_series(1, 5000) i", connection);
        var text = (string)(await command.ExecuteScalarAsync())!;
        Assert.Equal(5000 * 32, text.Length);
    }

    [Fact]
    public async Task ClientTls_ClientTrustsAnotherCertificate_HandshakeFails()
    {
        await using var proxy = RunningProxy.Start(postgres, tls: ProxyTls);
        var builder = proxy.Builder();
        builder.SslMode = SslMode.VerifyFull;
        // The PostgreSQL server's certificate is not the proxy's: verification must fail.
        builder.RootCertificate = postgres.CaCertificatePath;
        await using var connection = new NpgsqlConnection(builder.ConnectionString);

        await Assert.ThrowsAnyAsync<NpgsqlException>(() => connection.OpenAsync());
    }

    [Fact]
    public async Task ClientTlsAndBackendTls_CopyInAndOutTenMegabytes_DataIntact()
    {
        await using var proxy = RunningProxy.Start(postgres, tls: ProxyTls, backendTls: BackendTlsMode.Require);
        await using var connection = new NpgsqlConnection(TlsClient(proxy, PostgresServer.TrustUser, null).ConnectionString);
        await connection.OpenAsync();
        await using (var create = new NpgsqlCommand("create temp table tls_copy (id int, body text)", connection))
        {
            await create.ExecuteNonQueryAsync();
        }
        const int rows = 5000;
        var body = new string('t', 2000);

        await using (var writer = await connection.BeginTextImportAsync("copy tls_copy from stdin"))
        {
            for (var i = 0; i < rows; i++)
            {
                await writer.WriteAsync($"{i}\t{body}\n");
            }
        }
        var lines = 0;
        using (var reader = await connection.BeginTextExportAsync("copy (select * from tls_copy order by id) to stdout"))
        {
            while (await reader.ReadLineAsync() is { } line)
            {
                Assert.Equal($"{lines}\t{body}", line);
                lines++;
            }
        }

        Assert.Equal(rows, lines);
    }

    [Fact]
    public async Task CommandCancel_OverClientTls_CancelRoutedAndConnectionUsable()
    {
        await using var proxy = RunningProxy.Start(postgres, tls: ProxyTls, backendTls: BackendTlsMode.Require);
        await using var connection = new NpgsqlConnection(TlsClient(proxy, PostgresServer.TrustUser, null).ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select pg_sleep(30)", connection);
        var stopwatch = System.Diagnostics.Stopwatch.StartNew();

        var running = command.ExecuteNonQueryAsync();
        await Task.Delay(500);
        // Npgsql sends its CancelRequest after an SSLRequest and TLS handshake on the new connection.
        command.Cancel();
        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);

        Assert.Equal(PostgresErrorCodes.QueryCanceled, Assert.IsType<PostgresException>(error.InnerException).SqlState);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(10), $"cancel took {stopwatch.Elapsed}");
        await using var next = new NpgsqlCommand("select 1", connection);
        Assert.Equal(1, await next.ExecuteScalarAsync());
    }

    /// <summary>
    /// Bytes sent after the SSLRequest but before the handshake would be plaintext a man in the middle
    /// could inject (CVE-2021-23214): the proxy must not treat them as part of the session.
    /// </summary>
    [Fact]
    public async Task SslRequest_FollowedByPlaintextInSamePacket_RefusedWithoutHandshake()
    {
        await using var proxy = RunningProxy.Start(postgres, tls: ProxyTls);
        await using var client = await RawPgClient.ConnectAsync(proxy.Port);
        var sslRequest = new byte[8];
        BinaryPrimitives.WriteInt32BigEndian(sslRequest, 8);
        BinaryPrimitives.WriteInt32BigEndian(sslRequest.AsSpan(4), SslRequestCode);

        await client.SendAsync([.. sslRequest, .. RawPgClient.Startup(PostgresServer.TrustUser, PostgresServer.AppDatabase)]);
        var messages = await client.ReadUntilClosedAsync();

        // No 'S' (which would show up as a message code here) and no authentication: an error, then close.
        var error = Assert.Single(messages);
        Assert.Equal('E', error.Code);
        Assert.Equal(PostgresErrorCodes.ProtocolViolation, RawPgClient.Field(error.Body, 'C'));
    }

    [Fact]
    public async Task SslRequest_TlsConfigured_ProxyAnswersS()
    {
        await using var proxy = RunningProxy.Start(postgres, tls: ProxyTls);
        using var tcp = new TcpClient();
        await tcp.ConnectAsync("127.0.0.1", proxy.Port);
        var stream = tcp.GetStream();

        Assert.Equal('S', await SendEncryptionRequestAsync(stream, SslRequestCode));
    }

    [Fact]
    public async Task SslRequest_NoTlsConfigured_ProxyAnswersNAndStartupContinuesInPlaintext()
    {
        await using var proxy = RunningProxy.Start(postgres);
        using var tcp = new TcpClient { NoDelay = true };
        await tcp.ConnectAsync("127.0.0.1", proxy.Port);
        var stream = tcp.GetStream();

        Assert.Equal('N', await SendEncryptionRequestAsync(stream, GssEncRequestCode));
        Assert.Equal('N', await SendEncryptionRequestAsync(stream, SslRequestCode));

        await stream.WriteAsync(RawPgClient.Startup(PostgresServer.TrustUser, PostgresServer.AppDatabase));
        var first = new byte[1];
        await stream.ReadExactlyAsync(first);
        Assert.Equal((byte)'R', first[0]);
    }

    [Fact]
    public async Task ClientRequiresTls_NoTlsConfigured_ConnectionFails()
    {
        await using var proxy = RunningProxy.Start(postgres);
        var builder = proxy.Builder();
        builder.SslMode = SslMode.Require;
        await using var connection = new NpgsqlConnection(builder.ConnectionString);

        var error = await Assert.ThrowsAnyAsync<NpgsqlException>(() => connection.OpenAsync());
        Assert.IsNotType<PostgresException>(error);
    }

    [Fact]
    public async Task ClientPrefersTls_NoTlsConfigured_ConnectsInPlaintext()
    {
        await using var proxy = RunningProxy.Start(postgres);
        var builder = proxy.Builder();
        builder.SslMode = SslMode.Prefer;
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync();

        await using var command = new NpgsqlCommand("select 1", connection);
        Assert.Equal(1, await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task BackendVerifyFull_WithServerCaAndLocalhost_Succeeds()
    {
        await using var proxy = RunningProxy.Start(postgres, backendTls: BackendTlsMode.VerifyFull, backendCaFile: postgres.CaCertificatePath, backendHost: "localhost");
        await using var connection = await proxy.OpenAsync();

        await using var command = new NpgsqlCommand("select ssl from pg_stat_ssl where pid = pg_backend_pid()", connection);
        Assert.Equal(true, await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task BackendVerifyFull_WithoutCa_Fails08006MentioningTls()
    {
        await using var proxy = RunningProxy.Start(postgres, backendTls: BackendTlsMode.VerifyFull, backendHost: "localhost");
        await using var connection = new NpgsqlConnection(proxy.ConnectionString());

        var error = await Assert.ThrowsAsync<PostgresException>(() => connection.OpenAsync());

        Assert.Equal(PostgresErrorCodes.ConnectionFailure, error.SqlState);
        Assert.Contains("TLS", error.MessageText, StringComparison.Ordinal);
        Assert.Contains("localhost", error.MessageText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BackendVerifyFull_WithUnrelatedCa_Fails08006()
    {
        await using var proxy = RunningProxy.Start(postgres, backendTls: BackendTlsMode.VerifyFull, backendCaFile: ProxyCertificate.Value.CertificatePath, backendHost: "localhost");
        await using var connection = new NpgsqlConnection(proxy.ConnectionString());

        var error = await Assert.ThrowsAsync<PostgresException>(() => connection.OpenAsync());

        Assert.Equal(PostgresErrorCodes.ConnectionFailure, error.SqlState);
        Assert.Contains("TLS", error.MessageText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BackendVerifyFull_Failure_ProxyKeepsServing()
    {
        await using var proxy = RunningProxy.Start(postgres, backendTls: BackendTlsMode.VerifyFull, backendHost: "localhost");
        for (var i = 0; i < 2; i++)
        {
            await using var connection = new NpgsqlConnection(proxy.ConnectionString());
            await Assert.ThrowsAsync<PostgresException>(() => connection.OpenAsync());
        }

        await AuthenticationRelayTests.WaitForAsync(() => proxy.Server.OpenSessions == 0, TimeSpan.FromSeconds(5));
        Assert.Equal(0, proxy.Server.OpenSessions);
    }

    [Fact]
    public async Task Scram_ClientTlsBackendPlainChannelBindingPrefer_LogsIn()
    {
        await using var proxy = RunningProxy.Start(postgres, tls: ProxyTls, backendTls: BackendTlsMode.Disable);
        await using var connection = new NpgsqlConnection(TlsClient(proxy, PostgresServer.ScramUser, PostgresServer.ScramPassword).ConnectionString);
        await connection.OpenAsync();

        await using var command = new NpgsqlCommand("select current_user", connection);
        Assert.Equal(PostgresServer.ScramUser, await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task Scram_ClientTlsChannelBindingRequire_FailsAndProxyKeepsServing()
    {
        await using var proxy = RunningProxy.Start(postgres, tls: ProxyTls, backendTls: BackendTlsMode.Require);
        await using (var connection = new NpgsqlConnection(TlsClient(proxy, PostgresServer.ScramUser, PostgresServer.ScramPassword, ChannelBinding.Require).ConnectionString))
        {
            // The proxy withholds SCRAM-SHA-256-PLUS, so a client that requires channel binding gives up
            // on its own (Npgsql: "Couldn't connect because ChannelBinding is set to Require but the
            // server doesn't support SCRAM-SHA-256-PLUS").
            var error = await Assert.ThrowsAnyAsync<NpgsqlException>(() => connection.OpenAsync());
            Assert.IsNotType<PostgresException>(error);
            Assert.Contains("SCRAM-SHA-256-PLUS", error.Message, StringComparison.Ordinal);
        }

        // The abandoned session is cleaned up and the listener keeps serving.
        await using var other = new NpgsqlConnection(TlsClient(proxy, PostgresServer.TrustUser, null).ConnectionString);
        await other.OpenAsync();
        await using var command = new NpgsqlCommand("select current_user", other);
        Assert.Equal(PostgresServer.TrustUser, await command.ExecuteScalarAsync());
        await other.CloseAsync();
        await AuthenticationRelayTests.WaitForAsync(() => proxy.Server.OpenSessions == 0, TimeSpan.FromSeconds(5));
        Assert.Equal(0, proxy.Server.OpenSessions);
    }

    /// <summary>
    /// libpq with channel_binding=disable sends the 'n' GS2 flag, which a TLS backend accepts: SCRAM
    /// works through a TLS-terminating proxy with TLS on the backend leg too.
    /// </summary>
    [Fact]
    public async Task Scram_LibpqClientTlsBackendTlsChannelBindingDisable_LogsIn()
    {
        await using var proxy = RunningProxy.Start(postgres, tls: ProxyTls, backendTls: BackendTlsMode.Require);

        var result = await RunPsqlAsync(proxy, "disable", "select current_user || ':' || (select ssl from pg_stat_ssl where pid = pg_backend_pid())");

        Assert.True(result.Succeeded, result.Describe());
        Assert.Equal($"{PostgresServer.ScramUser}:true", result.StandardOutput.Trim());
    }

    /// <summary>
    /// libpq's default channel_binding=prefer, offered no -PLUS mechanism over TLS, sends 'y'; a TLS
    /// backend would call that a downgrade, so the proxy refuses with 28000 naming the setting.
    /// </summary>
    [Fact]
    public async Task Scram_LibpqClientTlsBackendTlsChannelBindingPrefer_Refused28000NamingChannelBinding()
    {
        await using var proxy = RunningProxy.Start(postgres, tls: ProxyTls, backendTls: BackendTlsMode.Require);

        var result = await RunPsqlAsync(proxy, "prefer", "select 1");

        Assert.False(result.Succeeded, result.Describe());
        Assert.Contains("channel_binding", result.StandardError, StringComparison.Ordinal);
    }

    /// <summary>
    /// Npgsql 10 sends the 'y' GS2 flag over TLS whenever SCRAM-SHA-256-PLUS is not offered — also with
    /// ChannelBinding=Disable (unlike libpq, which sends 'n' then). A TLS backend rejects 'y' as a
    /// downgrade and the client proof covers the flag, so no proxy can repair it: Npgsql clients
    /// that use SCRAM over client TLS need backend_tls: disable. The proxy says so with 28000.
    /// </summary>
    [Theory]
    [InlineData(ChannelBinding.Disable)]
    [InlineData(ChannelBinding.Prefer)]
    public async Task Scram_NpgsqlClientTlsBackendTls_Refused28000NamingChannelBinding(ChannelBinding channelBinding)
    {
        await using var proxy = RunningProxy.Start(postgres, tls: ProxyTls, backendTls: BackendTlsMode.Require);
        await using var connection = new NpgsqlConnection(TlsClient(proxy, PostgresServer.ScramUser, PostgresServer.ScramPassword, channelBinding).ConnectionString);

        var error = await Assert.ThrowsAsync<PostgresException>(() => connection.OpenAsync());

        Assert.Equal(PostgresErrorCodes.InvalidAuthorizationSpecification, error.SqlState);
        Assert.Contains("channel_binding", error.MessageText, StringComparison.Ordinal);
        Assert.Contains("backend_tls: disable", error.MessageText, StringComparison.Ordinal);
    }

    /// <summary>
    /// A plaintext client cannot bind to the backend's TLS channel either, so SCRAM-SHA-256-PLUS must
    /// not reach it: libpq (and Npgsql) abort with "server offered SCRAM-SHA-256-PLUS authentication
    /// over a non-SSL connection" when it does. Offered plain SCRAM-SHA-256, libpq sends the 'n' GS2
    /// flag, which a TLS backend accepts. This is the configuration of SPEC §8's example
    /// (backend_tls: prefer) in front of a TLS-enabled server.
    /// </summary>
    [Theory]
    [InlineData(BackendTlsMode.Prefer)]
    [InlineData(BackendTlsMode.Require)]
    public async Task Scram_PlaintextLibpqClientTlsBackend_LogsIn(BackendTlsMode backendTls)
    {
        await using var proxy = RunningProxy.Start(postgres, backendTls: backendTls);
        var conninfo = $"host=127.0.0.1 port={proxy.Port} dbname={PostgresServer.AppDatabase} user={PostgresServer.ScramUser} " +
                       $"password={PostgresServer.ScramPassword} sslmode=disable connect_timeout=10";

        var result = await ProcessRunner.RunAsync(
            Path.Combine(postgres.BinDir, "psql"),
            ["-X", "-w", "-A", "-t", "-d", conninfo, "-c", "select current_user || ':' || (select ssl from pg_stat_ssl where pid = pg_backend_pid())"],
            Path.GetTempPath(),
            timeout: TimeSpan.FromSeconds(30));

        Assert.True(result.Succeeded, result.Describe());
        Assert.Equal($"{PostgresServer.ScramUser}:true", result.StandardOutput.Trim());
    }

    /// <summary>
    /// Npgsql 10 sends the 'y' GS2 flag whenever SCRAM-SHA-256-PLUS is not offered, even on a
    /// plaintext connection, and refuses outright when -PLUS is offered over plaintext. So with a TLS
    /// backend no Npgsql SCRAM login can succeed; what matters is that the refusal explains itself
    /// (channel binding / backend_tls), rather than Npgsql's "Server offered SCRAM-SHA-256-PLUS
    /// authentication over a non-SSL connection", which suggests TLS was stripped by an attacker.
    /// </summary>
    [Theory]
    [InlineData(BackendTlsMode.Prefer)]
    [InlineData(BackendTlsMode.Require)]
    public async Task Scram_PlaintextNpgsqlClientTlsBackend_RefusedNamingChannelBinding(BackendTlsMode backendTls)
    {
        await using var proxy = RunningProxy.Start(postgres, backendTls: backendTls);
        await using var connection = new NpgsqlConnection(proxy.ConnectionString(PostgresServer.ScramUser, PostgresServer.ScramPassword));

        var error = await Assert.ThrowsAnyAsync<NpgsqlException>(() => connection.OpenAsync());

        var server = Assert.IsType<PostgresException>(error);
        Assert.Matches("(?i)channel.binding", server.MessageText);
    }

    [Fact]
    public async Task Scram_ClientTlsMd5AndCleartextRoles_LogIn()
    {
        await using var proxy = RunningProxy.Start(postgres, tls: ProxyTls, backendTls: BackendTlsMode.Require);
        foreach (var (user, password) in new[] { (PostgresServer.Md5User, PostgresServer.Md5Password), (PostgresServer.CleartextUser, PostgresServer.CleartextPassword) })
        {
            await using var connection = new NpgsqlConnection(TlsClient(proxy, user, password).ConnectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("select current_user", connection);
            Assert.Equal(user, await command.ExecuteScalarAsync());
        }
    }

    private Task<ProcessResult> RunPsqlAsync(RunningProxy proxy, string channelBinding, string sql)
    {
        var conninfo = $"host=127.0.0.1 port={proxy.Port} dbname={PostgresServer.AppDatabase} user={PostgresServer.ScramUser} " +
                       $"password={PostgresServer.ScramPassword} sslmode=verify-full sslrootcert={ProxyCertificate.Value.CertificatePath} " +
                       $"channel_binding={channelBinding} connect_timeout=10";
        return ProcessRunner.RunAsync(
            Path.Combine(postgres.BinDir, "psql"),
            ["-X", "-w", "-A", "-t", "-d", conninfo, "-c", sql],
            Path.GetTempPath(),
            timeout: TimeSpan.FromSeconds(30));
    }

    private static async Task<char> SendEncryptionRequestAsync(NetworkStream stream, int code)
    {
        var packet = new byte[8];
        BinaryPrimitives.WriteInt32BigEndian(packet, 8);
        BinaryPrimitives.WriteInt32BigEndian(packet.AsSpan(4), code);
        await stream.WriteAsync(packet);
        var answer = new byte[1];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await stream.ReadExactlyAsync(answer, timeout.Token);
        return (char)answer[0];
    }
}
