using MaskingProxy.Proxy.Hosting;
using MaskingProxy.Proxy.Auditing;
using MaskingProxy.Proxy.Interception;
using MaskingProxy.Proxy.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace MaskingProxy.Proxy.Tests.Support;

/// <summary>
/// An in-process <see cref="ProxyServer"/> on a free loopback port in front of the test
/// PostgreSQL, with whatever interception point and TLS settings a test needs.
/// </summary>
public sealed class RunningProxy : IAsyncDisposable
{
    public const string ListenerName = "test";

    private RunningProxy(ProxyServer server, PostgresServer postgres)
    {
        Server = server;
        Postgres = postgres;
        Port = server.EndPoint(ListenerName).Port;
    }

    public ProxyServer Server { get; }

    public PostgresServer Postgres { get; }

    public int Port { get; }

    public static RunningProxy Start(
        PostgresServer postgres,
        IStatementInterceptor? interceptor = null,
        TlsConfig? tls = null,
        BackendTlsMode backendTls = BackendTlsMode.Disable,
        string? backendCaFile = null,
        LimitsConfig? limits = null,
        HostPort? backend = null,
        string backendHost = "127.0.0.1",
        ProxyComponents? components = null)
    {
        var listener = new ListenerConfig(
            ListenerName,
            ListenerProtocol.Postgres,
            new HostPort("127.0.0.1", 0),
            backend ?? new HostPort(backendHost, postgres.Port),
            tls,
            backendTls,
            backendCaFile);
        var config = new ProxyConfig([listener], null, null, null, new AdminConfig(null), limits ?? LimitsConfig.Default);
        var server = new ProxyServer(config, components ?? new ProxyComponents(interceptor ?? PassthroughInterceptor.Instance, NullAuditSink.Instance), NullLoggerFactory.Instance);
        server.Start();
        return new RunningProxy(server, postgres);
    }

    /// <summary>An Npgsql connection string to the proxy (TLS off unless the test turns it on).</summary>
    public NpgsqlConnectionStringBuilder Builder(string user = PostgresServer.TrustUser, string? password = null, string database = PostgresServer.AppDatabase) =>
        new(Postgres.ConnectionString(user, password, database))
        {
            Port = Port,
            // Pooling would hide connection-level behaviour (drain, FATAL errors) from tests.
            Pooling = false,
        };

    public string ConnectionString(string user = PostgresServer.TrustUser, string? password = null, string database = PostgresServer.AppDatabase) =>
        Builder(user, password, database).ConnectionString;

    public async Task<NpgsqlConnection> OpenAsync(string user = PostgresServer.TrustUser, string? password = null)
    {
        var connection = new NpgsqlConnection(ConnectionString(user, password));
        await connection.OpenAsync();
        return connection;
    }

    public async ValueTask DisposeAsync()
    {
        await Server.StopAsync();
        await Server.DisposeAsync();
    }
}
