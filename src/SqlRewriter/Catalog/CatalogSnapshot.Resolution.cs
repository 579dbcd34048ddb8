namespace MaskingProxy.SqlRewriter.Catalog;

public sealed partial class CatalogSnapshot
{
    /// <summary>
    /// Resolves a relation name the way the server does for the given session state.
    /// </summary>
    /// <param name="schema">The written schema qualifier (exact, already case-folded by the parser), or null.</param>
    /// <param name="name">The relation name (exact).</param>
    /// <param name="searchPath">The session's search_path.</param>
    /// <param name="currentUser">The current role, for <c>$user</c>.</param>
    /// <param name="temporaryRelations">Names of temporary relations the session is known to have created, or null.</param>
    public RelationResolution ResolveRelation(string? schema, string name, SearchPath searchPath, string currentUser, IReadOnlySet<string>? temporaryRelations = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(searchPath);
        ArgumentNullException.ThrowIfNull(currentUser);
        if (schema is not null)
        {
            return ResolveIn(schema, name, temporaryRelations) ?? new RelationResolution(RelationResolutionKind.NotFound, null, schema, [schema]);
        }

        IReadOnlyList<string> schemas = searchPath.EffectiveSchemas(currentUser, SchemaExists, forRelations: true);
        foreach (string candidate in schemas)
        {
            RelationResolution? found = ResolveIn(candidate, name, temporaryRelations);
            if (found is not null)
            {
                return found;
            }
        }

        return new RelationResolution(RelationResolutionKind.NotFound, null, null, schemas);
    }

    /// <summary>The schemas searched for functions and operators (never the temporary schema), in order.</summary>
    public IReadOnlyList<string> FunctionSchemas(SearchPath searchPath, string currentUser)
    {
        ArgumentNullException.ThrowIfNull(searchPath);
        return searchPath.EffectiveSchemas(currentUser, SchemaExists, forRelations: false);
    }

    private RelationResolution? ResolveIn(string schema, string name, IReadOnlySet<string>? temporaryRelations)
    {
        if (schema == SearchPath.TempEntry || schema.StartsWith("pg_temp_", StringComparison.Ordinal))
        {
            return temporaryRelations is not null && temporaryRelations.Contains(name)
                ? new RelationResolution(RelationResolutionKind.Temporary, null, SearchPath.TempEntry, [])
                : null;
        }

        if (schema == SearchPath.CatalogSchema)
        {
            return IsSystemRelation(name) ? new RelationResolution(RelationResolutionKind.System, null, schema, []) : null;
        }

        if (schema == "information_schema")
        {
            // information_schema is not loaded; its views only read the system catalogs.
            return new RelationResolution(RelationResolutionKind.System, null, schema, []);
        }

        CatalogRelation? relation = GetRelation(schema, name);
        return relation is null ? null : new RelationResolution(RelationResolutionKind.Catalog, relation, schema, []);
    }
}
