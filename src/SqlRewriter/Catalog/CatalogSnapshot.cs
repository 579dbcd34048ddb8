namespace MaskingProxy.SqlRewriter.Catalog;

/// <summary>
/// An immutable snapshot of the database catalog that the rewriter resolves names against: relations with
/// their columns, view definitions, user-defined functions and operators.
/// </summary>
/// <remarks>
/// Dialect-neutral in shape; the PostgreSQL loader is <see cref="PostgresCatalogLoader"/>, the offline form
/// <see cref="CatalogJson"/>. <see cref="Version"/> is a hash of the content, so rewrite results cached under
/// one snapshot are never reused under another.
/// </remarks>
public sealed partial class CatalogSnapshot : IColumnTypeLookup
{
    private readonly Dictionary<QualifiedName, CatalogRelation> _relations = [];
    private readonly Dictionary<string, List<CatalogFunction>> _functionsByName = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<CatalogOperator>> _operatorsByName = new(StringComparer.Ordinal);
    private readonly HashSet<string> _schemas = new(StringComparer.Ordinal);
    private readonly HashSet<string> _systemRelations = new(StringComparer.Ordinal);

    /// <summary>Creates a snapshot; the lists are copied and put into a canonical order.</summary>
    /// <param name="relations">User relations (no two with the same schema and name).</param>
    /// <param name="functions">User-defined functions and procedures.</param>
    /// <param name="operators">User-defined operators.</param>
    /// <param name="systemRelations">Names of the relations in pg_catalog (tables and views).</param>
    /// <param name="schemas">All schema names; schemas of relations and functions are added automatically.</param>
    /// <exception cref="ArgumentException">Two relations share a qualified name.</exception>
    public CatalogSnapshot(
        IEnumerable<CatalogRelation> relations,
        IEnumerable<CatalogFunction>? functions = null,
        IEnumerable<CatalogOperator>? operators = null,
        IEnumerable<string>? systemRelations = null,
        IEnumerable<string>? schemas = null)
    {
        ArgumentNullException.ThrowIfNull(relations);
        Relations = [.. relations.OrderBy(r => r.Schema, StringComparer.Ordinal).ThenBy(r => r.Name, StringComparer.Ordinal)];
        Functions = [.. (functions ?? []).OrderBy(f => f.Schema, StringComparer.Ordinal).ThenBy(f => f.Name, StringComparer.Ordinal).ThenBy(f => string.Join(",", f.ArgumentTypes), StringComparer.Ordinal)];
        Operators = [.. (operators ?? []).OrderBy(o => o.Schema, StringComparer.Ordinal).ThenBy(o => o.Name, StringComparer.Ordinal).ThenBy(o => o.LeftType ?? string.Empty, StringComparer.Ordinal).ThenBy(o => o.RightType, StringComparer.Ordinal)];

        foreach (CatalogRelation relation in Relations)
        {
            if (!_relations.TryAdd(relation.QualifiedName, relation))
            {
                throw new ArgumentException($"relation {relation.QualifiedName} appears twice", nameof(relations));
            }

            _schemas.Add(relation.Schema);
        }

        foreach (CatalogFunction function in Functions)
        {
            AddTo(_functionsByName, function.Name, function);
            _schemas.Add(function.Schema);
        }

        foreach (CatalogOperator op in Operators)
        {
            AddTo(_operatorsByName, op.Name, op);
            _schemas.Add(op.Schema);
        }

        foreach (string schema in schemas ?? [])
        {
            _schemas.Add(schema);
        }

        _schemas.Add(SearchPath.CatalogSchema);
        foreach (string name in systemRelations ?? [])
        {
            _systemRelations.Add(name);
        }

        Schemas = [.. _schemas.Order(StringComparer.Ordinal)];
        SystemRelationNames = [.. _systemRelations.Order(StringComparer.Ordinal)];
        Version = ComputeVersion(this);
    }

    /// <summary>A snapshot that knows nothing (every relation resolves to <see cref="RelationResolutionKind.NotFound"/>).</summary>
    public static CatalogSnapshot Empty { get; } = new([]);

    /// <summary>Relations ordered by schema and name.</summary>
    public IReadOnlyList<CatalogRelation> Relations { get; }

    /// <summary>User-defined functions ordered by schema, name and argument types.</summary>
    public IReadOnlyList<CatalogFunction> Functions { get; }

    /// <summary>User-defined operators.</summary>
    public IReadOnlyList<CatalogOperator> Operators { get; }

    /// <summary>All known schema names (always includes pg_catalog).</summary>
    public IReadOnlyList<string> Schemas { get; }

    /// <summary>Names of pg_catalog relations (so that <c>pg_class</c> is known to be a system relation).</summary>
    public IReadOnlyList<string> SystemRelationNames { get; }

    /// <summary>Lowercase hex SM3 of the canonical JSON form (<see cref="CatalogJson"/>): equal content, equal version.</summary>
    public string Version { get; }

    /// <summary>The relation <paramref name="schema"/>.<paramref name="name"/> (exact names), or null.</summary>
    public CatalogRelation? GetRelation(string schema, string name) =>
        _relations.GetValueOrDefault(new QualifiedName(schema, name));

    /// <summary>Does a schema of that exact name exist?</summary>
    public bool SchemaExists(string schema) => _schemas.Contains(schema);

    /// <summary>Is <paramref name="name"/> a relation of pg_catalog?</summary>
    public bool IsSystemRelation(string name) => _systemRelations.Contains(name);

    /// <summary>All user-defined functions named <paramref name="name"/> (exact), in any schema.</summary>
    public IReadOnlyList<CatalogFunction> FindFunctions(string name) =>
        _functionsByName.TryGetValue(name, out List<CatalogFunction>? list) ? list : [];

    /// <summary>All user-defined operators with the symbol <paramref name="name"/>, in any schema.</summary>
    public IReadOnlyList<CatalogOperator> FindOperators(string name) =>
        _operatorsByName.TryGetValue(name, out List<CatalogOperator>? list) ? list : [];

    /// <inheritdoc />
    public bool TryGetColumnType(string schema, string table, string column, out string? typeName)
    {
        CatalogRelation? relation = GetRelation(schema, table);
        int index = relation?.IndexOfColumn(column) ?? -1;
        typeName = index >= 0 ? relation!.Columns[index].TypeName : null;
        return index >= 0;
    }

    /// <inheritdoc />
    public IEnumerable<CatalogColumn> EnumerateColumns() =>
        Relations.SelectMany(r => r.Columns.Select(c => new CatalogColumn(r.Schema, r.Name, c.Name, c.TypeName)));

    private static void AddTo<T>(Dictionary<string, List<T>> map, string key, T value)
    {
        if (!map.TryGetValue(key, out List<T>? list))
        {
            map[key] = list = [];
        }

        list.Add(value);
    }
}
