using Npgsql;

namespace MaskingProxy.SqlRewriter.Catalog;

/// <summary>
/// Loads a <see cref="CatalogSnapshot"/> from a live PostgreSQL database (pg_catalog), as an
/// <see cref="ICatalogSource"/> or through <see cref="LoadAsync(string, CancellationToken)"/>.
/// </summary>
/// <remarks>
/// <para>All queries run in one read-only REPEATABLE READ transaction, so the snapshot is consistent.</para>
/// <para>The session first sets <c>search_path = pg_catalog</c>: <c>format_type</c> and
/// <c>pg_get_viewdef</c> then schema-qualify every non-system type and relation, so the texts mean the same
/// whatever search_path the subject later uses (SPEC §4: the proxy's reading must be the database's).</para>
/// <para>Excluded: pg_catalog, information_schema, pg_toast* and temporary schemas (pg_temp_*). Functions in
/// pg_catalog are built-ins and are not listed; the names of pg_catalog relations are kept separately.</para>
/// <para>The login needs only the default catalog privileges; view definitions and function bodies are
/// readable by every role in PostgreSQL.</para>
/// </remarks>
public sealed partial class PostgresCatalogLoader : ICatalogSource
{
    private readonly string _connectionString;

    /// <summary>Creates a loader for <paramref name="connectionString"/> (Npgsql syntax).</summary>
    public PostgresCatalogLoader(string connectionString)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionString);
        _connectionString = connectionString;
    }

    /// <inheritdoc />
    public string Description
    {
        get
        {
            var builder = new NpgsqlConnectionStringBuilder(_connectionString);
            return $"postgres {builder.Host}:{builder.Port}/{builder.Database} as {builder.Username}";
        }
    }

    /// <summary>Loads a snapshot from the database at <paramref name="connectionString"/>.</summary>
    public static Task<CatalogSnapshot> LoadAsync(string connectionString, CancellationToken cancellationToken = default) =>
        new PostgresCatalogLoader(connectionString).LoadAsync(cancellationToken);

    /// <inheritdoc />
    public async Task<CatalogSnapshot> LoadAsync(CancellationToken cancellationToken = default)
    {
        var builder = new NpgsqlConnectionStringBuilder(_connectionString)
        {
            // The catalog reader must not share pooled sessions whose state (search_path) others changed.
            Pooling = false,
            ApplicationName = "maskingproxy-catalog",
        };

        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using NpgsqlTransaction transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, transaction, "SET TRANSACTION READ ONLY", cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, transaction, "SET LOCAL search_path = pg_catalog", cancellationToken).ConfigureAwait(false);

        int serverVersion = connection.PostgreSqlVersion.Major * 10000;
        Dictionary<uint, List<RelationColumn>> columns = await ReadColumnsAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        Dictionary<uint, List<QualifiedName>> parents = await ReadParentsAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        List<CatalogRelation> relations = await ReadRelationsAsync(connection, transaction, columns, parents, cancellationToken).ConfigureAwait(false);
        List<CatalogFunction> functions = await ReadFunctionsAsync(connection, transaction, serverVersion >= 140000, cancellationToken).ConfigureAwait(false);
        List<CatalogOperator> operators = await ReadOperatorsAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        List<string> systemRelations = await ReadStringsAsync(connection, transaction, SystemRelationsSql, cancellationToken).ConfigureAwait(false);
        List<string> schemas = await ReadStringsAsync(connection, transaction, SchemasSql, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);

        return new CatalogSnapshot(relations, functions, operators, systemRelations, schemas);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task<List<string>> ReadStringsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        var result = new List<string>();
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await using NpgsqlDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            result.Add(reader.GetString(0));
        }

        return result;
    }
}
