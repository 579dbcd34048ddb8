using MaskingProxy.Proxy.Auditing;
using MaskingProxy.Proxy.Hosting;
using MaskingProxy.Proxy.Masking;
using MaskingProxy.Proxy.Tests.Infrastructure;
using MaskingProxy.Proxy.Tests.Support;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace MaskingProxy.Proxy.Tests.Masking;

/// <summary>
/// A fresh database with a covered table, a policy file, and the proxy running the masking
/// interceptor in front of the test PostgreSQL. The masked subject is scram_user; trust_user is exempt.
/// </summary>
public sealed class MaskingEnvironment : IAsyncDisposable
{
    public const string HashKeyVariable = "MASKINGPROXY_TEST_HASH_KEY";
    public const string HashKey = "test-hash-key-0123456789abcdef";
    public const string MaskedUser = PostgresServer.ScramUser;
    public const string ExemptUser = PostgresServer.TrustUser;

    public const string Policy = """
        version: 1
        name: masking-tests
        exempt: [trust_user]
        defaults:
          unparseable: deny
          predicates: mask
          copy_out: mask
          dynamic_sql: deny
        rules:
          - id: ssn
            columns: ["public.people.ssn"]
            mask: { keep: { first: 3, last: 2 } }
            predicates: allow
          - id: email
            columns: ["public.people.email"]
            mask: email
          - id: phone-key
            columns: ["public.people.phone"]
            mask: { hash: sm3, key_env: MASKINGPROXY_TEST_HASH_KEY, length: 12 }
          - id: salary
            columns: ["public.people.salary"]
            mask: { round: 1000 }
        """;

    public static readonly string[] RawValues = ["110101199003071234", "zhang.san@example.com", "13800138000", "220102198512120021", "li.si@example.org", "13912345678"];

    private readonly List<IHostedService> _services;

    private MaskingEnvironment(PostgresServer postgres, string database, string policyPath, RunningProxy proxy, List<IHostedService> services, MaskingInterceptor interceptor)
    {
        Postgres = postgres;
        Database = database;
        PolicyPath = policyPath;
        Proxy = proxy;
        _services = services;
        Interceptor = interceptor;
    }

    public PostgresServer Postgres { get; }

    public string Database { get; }

    public string PolicyPath { get; }

    public RunningProxy Proxy { get; }

    public MaskingInterceptor Interceptor { get; }

    public static async Task<MaskingEnvironment> StartAsync(PostgresServer postgres, IAuditSink? audit = null, string? policy = null)
    {
        Environment.SetEnvironmentVariable(HashKeyVariable, HashKey);
        var database = "mask_" + Guid.NewGuid().ToString("N")[..12];
        await postgres.RunPsqlAsync($"CREATE DATABASE {database};", "postgres");
        await postgres.RunPsqlAsync($"""
            CREATE TABLE public.people (id int PRIMARY KEY, name text, ssn text, email text, phone text, salary numeric(10,2));
            INSERT INTO public.people VALUES
              (1, 'Zhang San', '110101199003071234', 'zhang.san@example.com', '13800138000', 12345.67),
              (2, 'Li Si', '220102198512120021', 'li.si@example.org', '13912345678', 23456.78);
            CREATE SCHEMA shadow;
            CREATE TABLE shadow.people (id int, ssn text);
            INSERT INTO shadow.people VALUES (7, 'shadow-ssn');
            GRANT ALL ON SCHEMA public, shadow TO {MaskedUser};
            GRANT ALL ON ALL TABLES IN SCHEMA public, shadow TO {MaskedUser}, {ExemptUser};
            GRANT ALL ON SCHEMA public, shadow TO {ExemptUser};
            """, database);
        var policyPath = Path.Combine(Path.GetTempPath(), $"policy-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(policyPath, policy ?? Policy);
        var config = new ProxyConfig([], new CatalogConfig(postgres.ConnectionString(PostgresServer.Superuser, database: database), 3600), policyPath, null, new AdminConfig(null), LimitsConfig.Default);
        var sink = audit ?? NullAuditSink.Instance;
        var (interceptor, services) = MaskingSetup.Create(config, sink, NullLoggerFactory.Instance);
        var started = new List<IHostedService>();
        foreach (var service in services)
        {
            await service.StartAsync(CancellationToken.None);
            started.Add(service);
        }
        var proxy = RunningProxy.Start(postgres, components: new ProxyComponents(interceptor, sink));
        return new MaskingEnvironment(postgres, database, policyPath, proxy, started, (MaskingInterceptor)interceptor);
    }

    public async Task<NpgsqlConnection> OpenAsync(string user)
    {
        var builder = Proxy.Builder(user, user == MaskedUser ? PostgresServer.ScramPassword : null, Database);
        var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    public async ValueTask DisposeAsync()
    {
        await Proxy.DisposeAsync();
        for (var i = _services.Count - 1; i >= 0; i--)
        {
            await _services[i].StopAsync(CancellationToken.None);
        }
        File.Delete(PolicyPath);
        NpgsqlConnection.ClearAllPools();
        await Postgres.RunPsqlAsync($"DROP DATABASE IF EXISTS {Database} WITH (FORCE);", "postgres");
    }
}
