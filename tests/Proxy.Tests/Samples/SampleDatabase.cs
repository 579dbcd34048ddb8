using System.Globalization;
using MaskingProxy.Proxy.Tests.Infrastructure;
using MaskingProxy.SqlRewriter.Catalog;
using Npgsql;

namespace MaskingProxy.Proxy.Tests.Samples;

/// <summary>
/// A fresh database on the shared test server with sample seeds loaded exactly as the demo loads them
/// (psql, ON_ERROR_STOP), dropped again on dispose. The seeds' login roles are cluster-wide and
/// idempotent, so databases of other tests do not disturb each other.
/// </summary>
public sealed class SampleDatabase : IAsyncDisposable
{
    private static int s_counter;

    private readonly PostgresServer _server;

    private SampleDatabase(PostgresServer server, string name)
    {
        _server = server;
        Name = name;
    }

    public string Name { get; }

    /// <summary>Creates the database and runs the named seeds (see <see cref="SampleFiles.Names"/>) in order.</summary>
    public static async Task<SampleDatabase> CreateAsync(PostgresServer server, params string[] seeds)
    {
        ArgumentNullException.ThrowIfNull(server);
        var name = string.Create(CultureInfo.InvariantCulture, $"sample_{Environment.ProcessId}_{Interlocked.Increment(ref s_counter)}");
        await server.RunPsqlAsync($"CREATE DATABASE {name};", database: "postgres");
        var database = new SampleDatabase(server, name);
        try
        {
            foreach (var seed in seeds)
            {
                await server.RunPsqlAsync(await File.ReadAllTextAsync(SampleFiles.SeedPath(seed)), database: name);
            }
        }
        catch
        {
            await database.DisposeAsync();
            throw;
        }

        return database;
    }

    /// <summary>
    /// A connection string for one of the seed's logins (SCRAM with its demo password), or the trust
    /// superuser when <paramref name="login"/> is null. Unpooled, so every session starts clean and the
    /// database can be dropped at once.
    /// </summary>
    public string ConnectionString(string? login = null) =>
        new NpgsqlConnectionStringBuilder(_server.ConnectionString(login ?? PostgresServer.Superuser, login is null ? null : SampleLogins.Password(login), Name))
        {
            Pooling = false,
        }.ConnectionString;

    /// <summary>The catalog as the proxy would load it.</summary>
    public Task<CatalogSnapshot> LoadCatalogAsync() => PostgresCatalogLoader.LoadAsync(ConnectionString());

    public async ValueTask DisposeAsync() =>
        await _server.RunPsqlAsync($"DROP DATABASE IF EXISTS {Name} WITH (FORCE);", database: "postgres");
}
