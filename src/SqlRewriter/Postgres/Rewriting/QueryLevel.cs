namespace MaskingProxy.SqlRewriter.Postgres.Rewriting;

/// <summary>One SELECT level being analysed: its FROM items, CTEs and result columns.</summary>
internal sealed class QueryLevel
{
    public QueryLevel(QueryLevel? parent, bool hideParentItems = false)
    {
        Parent = parent;
        HideParentItems = hideParentItems;
    }

    /// <summary>The enclosing level (correlated references, CTEs).</summary>
    public QueryLevel? Parent { get; }

    /// <summary>
    /// True for a non-LATERAL subquery in FROM: it sees the CTEs of the level it appears in, but not that
    /// level's FROM items.
    /// </summary>
    public bool HideParentItems { get; }

    public List<RangeItem> Items { get; } = [];

    public Dictionary<string, CteInfo>? Ctes { get; set; }

    /// <summary>Result columns once the target list has been analysed (ORDER BY/GROUP BY may name them).</summary>
    public List<OutputColumn>? Outputs { get; set; }

    /// <summary>SELECT DISTINCT (ORDER BY must then use output expressions).</summary>
    public bool Distinct { get; set; }

    public CteInfo? FindCte(string name)
    {
        for (QueryLevel? level = this; level is not null; level = level.Parent)
        {
            if (level.Ctes is not null && level.Ctes.TryGetValue(name, out CteInfo? cte))
            {
                return cte;
            }
        }

        return null;
    }
}
