using Npgsql;
using Xunit;
using Xunit.Abstractions;

namespace MaskingProxy.Proxy.Tests.Infrastructure;

/// <summary>Proves the shared PostgreSQL fixture is what the proxy's integration tests rely on.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresServerTests(PostgresServer server, ITestOutputHelper output)
{
    [Theory]
    [InlineData(PostgresServer.Superuser, null)]
    [InlineData(PostgresServer.TrustUser, null)]
    [InlineData(PostgresServer.ScramUser, PostgresServer.ScramPassword)]
    [InlineData(PostgresServer.Md5User, PostgresServer.Md5Password)]
    [InlineData(PostgresServer.CleartextUser, PostgresServer.CleartextPassword)]
    public async Task Each_role_logs_in_directly(string user, string? password)
    {
        await using var connection = new NpgsqlConnection(server.ConnectionString(user, password));
        await connection.OpenAsync();

        await using var command = new NpgsqlCommand("SELECT current_user, current_database()", connection);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal(user, reader.GetString(0));
        Assert.Equal(PostgresServer.AppDatabase, reader.GetString(1));
    }

    // A wrong password being refused proves the role is not accidentally on trust.
    [Theory]
    [InlineData(PostgresServer.ScramUser)]
    [InlineData(PostgresServer.Md5User)]
    [InlineData(PostgresServer.CleartextUser)]
    public async Task Password_roles_reject_a_wrong_password(string user)
    {
        await using var connection = new NpgsqlConnection(server.ConnectionString(user, "wrong"));
        var error = await Assert.ThrowsAsync<PostgresException>(() => connection.OpenAsync());
        Assert.Equal(PostgresErrorCodes.InvalidPassword, error.SqlState);
    }

    // The md5 hba line only yields an MD5 challenge when the stored verifier is MD5 (else PostgreSQL
    // silently upgrades the exchange to SCRAM), so check what is stored.
    [Fact]
    public async Task Password_verifiers_match_the_authentication_methods()
    {
        var rows = await server.RunPsqlAsync(
            """
            SELECT rolname, CASE WHEN rolpassword LIKE 'SCRAM-SHA-256$%' THEN 'scram' WHEN rolpassword LIKE 'md5%' THEN 'md5' END
            FROM pg_authid WHERE rolname IN ('scram_user', 'md5_user', 'cleartext_user') ORDER BY rolname
            """,
            database: "postgres");

        Assert.Equal("cleartext_user|scram\nmd5_user|md5\nscram_user|scram", rows);
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("localhost")]
    public async Task Tls_verify_full_succeeds_with_the_fixture_certificate(string host)
    {
        var builder = new NpgsqlConnectionStringBuilder(server.ConnectionString(PostgresServer.ScramUser, PostgresServer.ScramPassword))
        {
            Host = host,
            SslMode = SslMode.VerifyFull,
            RootCertificate = server.CaCertificatePath,
        };
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync();

        await using var command = new NpgsqlCommand("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()", connection);
        Assert.True((bool)(await command.ExecuteScalarAsync())!);
    }

    [Fact]
    public async Task Server_is_postgresql_15_with_room_for_many_connections()
    {
        await using var connection = new NpgsqlConnection(server.ConnectionString(PostgresServer.Superuser));
        await connection.OpenAsync();
        Assert.Equal(15, connection.PostgreSqlVersion.Major);

        await using var command = new NpgsqlCommand("SELECT current_setting('max_connections')::int", connection);
        Assert.True((int)(await command.ExecuteScalarAsync())! >= 300);

        output.WriteLine($"PostgreSQL {connection.ServerVersion} at {server.Host}:{server.Port} from {server.BinDir}, fixture started in {server.StartupDuration.TotalSeconds:F2} s");
    }

    [Fact]
    public async Task Psql_runs_multi_statement_scripts_as_superuser()
    {
        var result = await server.RunPsqlAsync("""
            CREATE TEMP TABLE fixture_probe (n int);
            INSERT INTO fixture_probe VALUES (1), (2);
            SELECT current_user, sum(n) FROM fixture_probe;
            """);

        Assert.Equal("postgres|3", result);
    }

    [Fact]
    public async Task Psql_failure_throws_with_the_server_message()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => server.RunPsqlAsync("SELECT * FROM no_such_table;"));
        Assert.Contains("no_such_table", error.Message, StringComparison.Ordinal);
    }
}
