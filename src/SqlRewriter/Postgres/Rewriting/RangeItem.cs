using MaskingProxy.SqlRewriter.Catalog;

namespace MaskingProxy.SqlRewriter.Postgres.Rewriting;

/// <summary>A FROM item during analysis.</summary>
internal sealed class RangeItem
{
    public RangeItem(ItemKind kind, string? refName, List<ItemColumn> columns)
    {
        Kind = kind;
        RefName = refName;
        Columns = columns;
    }

    public ItemKind Kind { get; }

    /// <summary>The name qualified references use (alias, or the relation name), or null (unaliased join).</summary>
    public string? RefName { get; }

    /// <summary>Columns in output order; may contain unknown markers.</summary>
    public List<ItemColumn> Columns { get; }

    /// <summary>The catalog relation (relation, substituted, target and view-base items).</summary>
    public CatalogRelation? Relation { get; init; }

    public RelationCoverage? Coverage { get; init; }

    /// <summary>True when written with an alias (then <c>schema.table.col</c> references are invalid anyway).</summary>
    public bool HasAlias { get; init; }

    /// <summary>Substituted items: the text span the masking subquery replaces.</summary>
    public int SpanStart { get; init; } = -1;

    public int SpanEnd { get; init; } = -1;

    /// <summary>Substituted items: <c>ONLY</c> was written (inheritance children excluded).</summary>
    public bool Only { get; init; }

    /// <summary>Substituted items in a <c>TABLE name</c> statement: where the TABLE keyword starts, else -1.</summary>
    public int TableKeywordStart { get; set; } = -1;

    /// <summary>Substituted items: relation column indexes whose raw value a predicate needs (<c>predicates: allow</c>).</summary>
    public SortedSet<int> Hidden { get; } = [];

    /// <summary>A whole-row reference or a function over the whole row uses this item (checked against hidden columns at the end).</summary>
    public bool WholeRowUsed { get; set; }

    /// <summary>Joins: the children.</summary>
    public RangeItem? Left { get; init; }

    public RangeItem? Right { get; init; }

    /// <summary>Joins: USING/NATURAL merges columns (star expansion cannot be written per child).</summary>
    public bool MergesColumns { get; init; }

    /// <summary>Joins: written with an alias, which hides the children's names.</summary>
    public bool AliasedJoin { get; init; }

    public bool HasUnknownColumns => Columns.Exists(c => c.IsUnknownMarker);

    /// <summary>The visible column named <paramref name="name"/>, or null.</summary>
    public ItemColumn? FindColumn(string name)
    {
        foreach (ItemColumn column in Columns)
        {
            if (!column.IsUnknownMarker && string.Equals(column.Name, name, StringComparison.Ordinal))
            {
                return column;
            }
        }

        return null;
    }

    /// <summary>The (possibly aliased) name under which the item exposes a covered relation column.</summary>
    public string FindColumnName(CoveredColumn covered)
    {
        int index = Relation?.IndexOfColumn(covered.Column) ?? -1;
        return index >= 0 && index < Columns.Count ? Columns[index].Name : covered.Column;
    }

    /// <summary>Base items (relations, subqueries, functions) under this item, in FROM order.</summary>
    public IEnumerable<RangeItem> BaseItems()
    {
        if (Kind != ItemKind.Join)
        {
            yield return this;
            yield break;
        }

        foreach (RangeItem item in Left!.BaseItems())
        {
            yield return item;
        }

        foreach (RangeItem item in Right!.BaseItems())
        {
            yield return item;
        }
    }

    public override string ToString() => $"{Kind} {RefName ?? "(join)"}";
}
