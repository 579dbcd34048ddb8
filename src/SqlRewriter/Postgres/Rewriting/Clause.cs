namespace MaskingProxy.SqlRewriter.Postgres.Rewriting;

/// <summary>Where in a statement an expression is evaluated; decides what a covered column may be.</summary>
internal enum Clause
{
    /// <summary>A result column (target list) — of the statement or of a subquery.</summary>
    Output,

    /// <summary>WHERE, JOIN ON, HAVING, FILTER, ON CONFLICT WHERE, MERGE conditions.</summary>
    Predicate,

    /// <summary>GROUP BY, DISTINCT ON, window PARTITION BY: equality-only use.</summary>
    Grouping,

    /// <summary>ORDER BY (statement, window and aggregate ordering).</summary>
    Ordering,

    /// <summary>RETURNING of INSERT/UPDATE/DELETE.</summary>
    Returning,

    /// <summary>UPDATE SET / ON CONFLICT DO UPDATE SET values.</summary>
    Assignment,

    /// <summary>Anything else: VALUES, LIMIT, function arguments in FROM, EXECUTE parameters.</summary>
    Other,
}
