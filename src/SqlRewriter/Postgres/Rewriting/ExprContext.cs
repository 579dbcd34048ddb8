namespace MaskingProxy.SqlRewriter.Postgres.Rewriting;

/// <summary>How a predicate reference to a <c>predicates: allow</c> column may be redirected to its raw hidden column.</summary>
internal enum HiddenUse
{
    /// <summary>Not at all: the masked value is used.</summary>
    None,

    /// <summary>Replace the reference by the hidden raw column (WHERE, ON, HAVING, FILTER, statement ORDER BY).</summary>
    Predicate,

    /// <summary>A top-level GROUP BY item: group by the raw column and keep the masked one groupable for the result list.</summary>
    GroupPair,
}

/// <summary>Where an expression is being analysed.</summary>
/// <param name="Level">The query level that resolves names.</param>
/// <param name="Clause">The clause.</param>
/// <param name="Hidden">Whether <c>predicates: allow</c> references are redirected to hidden raw columns.</param>
/// <param name="TopLevel">The expression is a whole clause item (a result column, a GROUP BY item).</param>
internal readonly record struct ExprContext(QueryLevel Level, Clause Clause, HiddenUse Hidden = HiddenUse.None, bool TopLevel = false)
{
    /// <summary>The context for an operand: no longer top level, and GROUP BY pairs become plain predicate use only at top level.</summary>
    public ExprContext Nested => this with { TopLevel = false, Hidden = Hidden == HiddenUse.GroupPair ? HiddenUse.None : Hidden };

    public bool IsPredicateLike => Clause is Clause.Predicate or Clause.Grouping or Clause.Ordering;
}
