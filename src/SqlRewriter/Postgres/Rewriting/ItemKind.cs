namespace MaskingProxy.SqlRewriter.Postgres.Rewriting;

/// <summary>What a FROM item (range table entry) is.</summary>
internal enum ItemKind
{
    /// <summary>A catalog relation read unchanged (no covered column).</summary>
    Relation,

    /// <summary>A catalog relation replaced by a masking subquery.</summary>
    Substituted,

    /// <summary>The target of INSERT/UPDATE/DELETE: read in place, covered references are masked one by one.</summary>
    Target,

    /// <summary>A relation read by a view definition under analysis: covered columns are raw.</summary>
    ViewBase,

    /// <summary>A subquery, CTE reference or VALUES list.</summary>
    Derived,

    /// <summary>A function call, system or temporary relation, or anything with unknown columns and no covered data.</summary>
    Opaque,

    /// <summary>A JOIN.</summary>
    Join,
}
