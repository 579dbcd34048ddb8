using MaskingProxy.Proxy.Auditing;
using MaskingProxy.Proxy.Hosting;
using MaskingProxy.Proxy.Masking;
using MaskingProxy.Proxy.Tests.Infrastructure;
using MaskingProxy.Proxy.Tests.Samples;
using MaskingProxy.Proxy.Tests.Support;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace MaskingProxy.Proxy.Tests.Oracle;

/// <summary>
/// Both sample seeds in one fresh database, and one in-process proxy per sample policy in front of it
/// (the proxy serves exactly one policy file, and each corpus block names the policy it runs under).
/// The proxies run the real masking interceptor with the catalog loaded from the seeded database.
/// </summary>
public sealed class OracleEnvironment : IAsyncDisposable
{
    /// <summary>The variable healthcare.yaml's hash mask reads its key from.</summary>
    public const string HashKeyVariable = "MASKING_HASH_KEY";

    private const string HashKey = "oracle-tests-pseudonym-key-0123456789";

    private readonly Dictionary<string, RunningProxy> _proxies = new(StringComparer.Ordinal);
    private readonly List<IHostedService> _services = [];
    private readonly string? _previousHashKey;

    private OracleEnvironment(PostgresServer postgres, SampleDatabase database, string? previousHashKey)
    {
        Postgres = postgres;
        Database = database;
        _previousHashKey = previousHashKey;
    }

    public PostgresServer Postgres { get; }

    public SampleDatabase Database { get; }

    /// <summary>The sample policies, catalog and seed rows (for the raw values a login must not see).</summary>
    public SamplePolicySet Samples { get; private set; } = null!;

    public static async Task<OracleEnvironment> StartAsync(PostgresServer postgres)
    {
        ArgumentNullException.ThrowIfNull(postgres);

        // The proxy reads hash keys from its own process environment; in-process that is ours (put
        // back on dispose, for tests that start proxy processes inheriting it).
        var previousHashKey = Environment.GetEnvironmentVariable(HashKeyVariable);
        Environment.SetEnvironmentVariable(HashKeyVariable, HashKey);
        SampleDatabase database;
        try
        {
            database = await SampleDatabase.CreateAsync(postgres, [.. SampleFiles.Names]);
        }
        catch
        {
            Environment.SetEnvironmentVariable(HashKeyVariable, previousHashKey);
            throw;
        }

        var environment = new OracleEnvironment(postgres, database, previousHashKey);
        try
        {
            environment.Samples = await SamplePolicySet.LoadAsync(environment.Database, [.. SampleFiles.Names]);
            foreach (var sample in SampleFiles.Names)
            {
                await environment.StartProxyAsync(sample);
            }
        }
        catch
        {
            await environment.DisposeAsync();
            throw;
        }

        return environment;
    }

    /// <summary>Unpooled Npgsql connection string to the proxy serving <paramref name="policy"/>, as <paramref name="login"/>.</summary>
    public string ProxyConnectionString(string policy, string login) =>
        _proxies[policy].Builder(login, SampleLogins.Password(login), Database.Name).ConnectionString;

    /// <summary>libpq conninfo for psql to the proxy serving <paramref name="policy"/>.</summary>
    public string ProxyConnInfo(string policy, string login) =>
        $"host={Postgres.Host} port={_proxies[policy].Port} user={login} password={SampleLogins.Password(login)} dbname={Database.Name} " +
        // Explicit: ProcessRunner runs psql under LC_ALL=C, whose "auto" encoding would be SQL_ASCII.
        "client_encoding=UTF8 sslmode=disable connect_timeout=10";

    /// <summary>libpq conninfo for psql straight to PostgreSQL.</summary>
    public string DirectConnInfo(string login) =>
        $"host={Postgres.Host} port={Postgres.Port} user={login} password={SampleLogins.Password(login)} dbname={Database.Name} client_encoding=UTF8 sslmode=disable connect_timeout=10";

    /// <summary>Straight to PostgreSQL, bypassing the proxy (the reference for the exempt login).</summary>
    public string DirectConnectionString(string login) =>
        new NpgsqlConnectionStringBuilder(Database.ConnectionString(login)) { IncludeErrorDetail = true }.ConnectionString;

    public async ValueTask DisposeAsync()
    {
        foreach (var proxy in _proxies.Values)
        {
            await proxy.DisposeAsync();
        }

        for (var i = _services.Count - 1; i >= 0; i--)
        {
            await _services[i].StopAsync(CancellationToken.None);
        }

        await Database.DisposeAsync();
        Environment.SetEnvironmentVariable(HashKeyVariable, _previousHashKey);
    }

    private async Task StartProxyAsync(string sample)
    {
        // The catalog loads as the superuser, like an operator's catalog connection; refresh is
        // effectively off because the corpus changes no schema (its DML and temp tables roll back).
        var config = new ProxyConfig([], new CatalogConfig(Database.ConnectionString(), 3600), SampleFiles.PolicyPath(sample), null, new AdminConfig(null), LimitsConfig.Default);
        var (interceptor, services) = MaskingSetup.Create(config, NullAuditSink.Instance, NullLoggerFactory.Instance);
        foreach (var service in services)
        {
            await service.StartAsync(CancellationToken.None);
            _services.Add(service);
        }

        _proxies[sample] = RunningProxy.Start(Postgres, components: new ProxyComponents(interceptor, NullAuditSink.Instance));
    }
}
