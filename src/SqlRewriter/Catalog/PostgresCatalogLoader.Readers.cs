using Npgsql;

namespace MaskingProxy.SqlRewriter.Catalog;

public sealed partial class PostgresCatalogLoader
{
    private static async Task<Dictionary<uint, List<RelationColumn>>> ReadColumnsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        var result = new Dictionary<uint, List<RelationColumn>>();
        await using var command = new NpgsqlCommand(ColumnsSql, connection, transaction);
        await using NpgsqlDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            uint relation = reader.GetFieldValue<uint>(0);
            if (!result.TryGetValue(relation, out List<RelationColumn>? list))
            {
                result[relation] = list = [];
            }

            list.Add(new RelationColumn(reader.GetString(1), reader.GetString(2)));
        }

        return result;
    }

    private static async Task<Dictionary<uint, List<QualifiedName>>> ReadParentsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        var result = new Dictionary<uint, List<QualifiedName>>();
        await using var command = new NpgsqlCommand(ParentsSql, connection, transaction);
        await using NpgsqlDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            uint child = reader.GetFieldValue<uint>(0);
            if (!result.TryGetValue(child, out List<QualifiedName>? list))
            {
                result[child] = list = [];
            }

            list.Add(new QualifiedName(reader.GetString(1), reader.GetString(2)));
        }

        return result;
    }

    private static async Task<List<CatalogRelation>> ReadRelationsAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        Dictionary<uint, List<RelationColumn>> columns,
        Dictionary<uint, List<QualifiedName>> parents,
        CancellationToken cancellationToken)
    {
        var result = new List<CatalogRelation>();
        await using var command = new NpgsqlCommand(RelationsSql, connection, transaction);
        await using NpgsqlDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            uint oid = reader.GetFieldValue<uint>(0);
            RelationKind kind = reader.GetString(3) switch
            {
                "r" => RelationKind.Table,
                "v" => RelationKind.View,
                "m" => RelationKind.MaterializedView,
                "f" => RelationKind.ForeignTable,
                "p" => RelationKind.PartitionedTable,
                string other => throw new InvalidOperationException($"unexpected relkind '{other}'"),
            };

            result.Add(new CatalogRelation(
                reader.GetString(1),
                reader.GetString(2),
                kind,
                columns.GetValueOrDefault(oid) ?? [],
                reader.IsDBNull(4) ? null : reader.GetString(4),
                parents.GetValueOrDefault(oid)));
        }

        return result;
    }

    private static async Task<List<CatalogFunction>> ReadFunctionsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, bool hasSqlBody, CancellationToken cancellationToken)
    {
        var result = new List<CatalogFunction>();
        string sql = FunctionsSqlPrefix + (hasSqlBody ? FunctionBodySql14 : FunctionBodySqlOld) + FunctionsSqlSuffix;
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await using NpgsqlDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            FunctionKind kind = reader.GetString(2) switch
            {
                "f" => FunctionKind.Function,
                "p" => FunctionKind.Procedure,
                "a" => FunctionKind.Aggregate,
                "w" => FunctionKind.Window,
                string other => throw new InvalidOperationException($"unexpected prokind '{other}'"),
            };

            result.Add(new CatalogFunction(
                reader.GetString(0),
                reader.GetString(1),
                kind,
                reader.GetFieldValue<string[]>(3),
                reader.IsDBNull(4) ? null : reader.GetString(4),
                reader.GetString(5),
                reader.GetBoolean(6),
                reader.IsDBNull(7) ? string.Empty : reader.GetString(7),
                reader.GetBoolean(8),
                reader.GetFieldValue<string[]>(9)));
        }

        return result;
    }

    private static async Task<List<CatalogOperator>> ReadOperatorsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        var result = new List<CatalogOperator>();
        await using var command = new NpgsqlCommand(OperatorsSql, connection, transaction);
        await using NpgsqlDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            result.Add(new CatalogOperator(
                reader.GetString(0),
                reader.GetString(1),
                reader.IsDBNull(2) ? null : reader.GetString(2),
                reader.GetString(3),
                new QualifiedName(reader.GetString(4), reader.GetString(5))));
        }

        return result;
    }
}
