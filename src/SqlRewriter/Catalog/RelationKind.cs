namespace MaskingProxy.SqlRewriter.Catalog;

/// <summary>What a catalog relation is (pg_class.relkind, restricted to the kinds that hold or produce rows).</summary>
public enum RelationKind
{
    /// <summary>Ordinary table (<c>r</c>).</summary>
    Table,

    /// <summary>View (<c>v</c>): rows come from its definition, evaluated with the view owner's rights.</summary>
    View,

    /// <summary>Materialized view (<c>m</c>): stored rows produced by its definition.</summary>
    MaterializedView,

    /// <summary>Foreign table (<c>f</c>).</summary>
    ForeignTable,

    /// <summary>Partitioned table (<c>p</c>): rows live in its partitions.</summary>
    PartitionedTable,
}
