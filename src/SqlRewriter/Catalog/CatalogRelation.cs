namespace MaskingProxy.SqlRewriter.Catalog;

/// <summary>A table-like relation of the catalog snapshot.</summary>
public sealed record CatalogRelation
{
    /// <summary>Creates a relation.</summary>
    /// <param name="schema">Schema name (exact).</param>
    /// <param name="name">Relation name (exact).</param>
    /// <param name="kind">Relation kind.</param>
    /// <param name="columns">Columns in attribute order (dropped columns excluded).</param>
    /// <param name="viewDefinition">For views and materialized views: <c>pg_get_viewdef</c> text; otherwise null.</param>
    /// <param name="parents">Inheritance parents / the partitioned table this relation is a partition of.</param>
    public CatalogRelation(string schema, string name, RelationKind kind, IReadOnlyList<RelationColumn> columns, string? viewDefinition = null, IReadOnlyList<QualifiedName>? parents = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(schema);
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(columns);
        Schema = schema;
        Name = name;
        Kind = kind;
        Columns = [.. columns];
        ViewDefinition = viewDefinition;
        Parents = parents is null ? [] : [.. parents];
    }

    /// <summary>Schema name.</summary>
    public string Schema { get; }

    /// <summary>Relation name.</summary>
    public string Name { get; }

    /// <summary>Relation kind.</summary>
    public RelationKind Kind { get; }

    /// <summary>Columns in attribute order.</summary>
    public IReadOnlyList<RelationColumn> Columns { get; }

    /// <summary>The defining query of a view or materialized view (<c>pg_get_viewdef</c>), else null.</summary>
    public string? ViewDefinition { get; }

    /// <summary>Direct inheritance parents (pg_inherits), e.g. the partitioned table of a partition.</summary>
    public IReadOnlyList<QualifiedName> Parents { get; }

    /// <summary>The relation's qualified name.</summary>
    public QualifiedName QualifiedName => new(Schema, Name);

    /// <summary>True for views and materialized views (rows come from <see cref="ViewDefinition"/>).</summary>
    public bool IsViewLike => Kind is RelationKind.View or RelationKind.MaterializedView;

    /// <summary>Index of the column named <paramref name="column"/> (exact), or -1.</summary>
    public int IndexOfColumn(string column)
    {
        for (int i = 0; i < Columns.Count; i++)
        {
            if (string.Equals(Columns[i].Name, column, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    /// <inheritdoc />
    public override string ToString() => $"{Schema}.{Name} ({Kind})";
}
