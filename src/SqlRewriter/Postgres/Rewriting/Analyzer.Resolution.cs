namespace MaskingProxy.SqlRewriter.Postgres.Rewriting;

internal sealed partial class Analyzer
{
    /// <summary>Resolves an unqualified column name like the server: innermost level first.</summary>
    private static ColumnMatch? FindColumn(QueryLevel level, string name)
    {
        bool certain = true;
        bool skipItems = false;
        for (QueryLevel? current = level; current is not null; current = current.Parent)
        {
            if (!skipItems)
            {
                bool unknown = false;
                foreach (RangeItem item in current.Items)
                {
                    (RangeItem Item, ItemColumn Column)? found = SearchColumn(item, name, ref unknown);
                    if (found is { } match)
                    {
                        return new ColumnMatch(match.Item, match.Column, current, certain);
                    }
                }

                if (unknown)
                {
                    certain = false;
                }
            }

            skipItems = current.HideParentItems;
        }

        return null;
    }

    private static (RangeItem, ItemColumn)? SearchColumn(RangeItem item, string name, ref bool unknown)
    {
        if (item.Kind == ItemKind.Join && !item.AliasedJoin)
        {
            // Merged USING/NATURAL columns hide the children's columns of the same name.
            if (item.MergesColumns && item.FindColumn(name) is { } merged && !item.Left!.Columns.Contains(merged) && !item.Right!.Columns.Contains(merged))
            {
                return (item, merged);
            }

            return SearchColumn(item.Left!, name, ref unknown) ?? SearchColumn(item.Right!, name, ref unknown);
        }

        if (item.FindColumn(name) is { } column)
        {
            return (item, column);
        }

        unknown |= item.HasUnknownColumns;
        return null;
    }

    /// <summary>Finds the FROM item a qualifier names (<c>alias</c>, <c>table</c> or <c>schema.table</c>).</summary>
    private static (RangeItem Item, QueryLevel Level)? FindItem(QueryLevel level, string refName, string? schema)
    {
        bool skipItems = false;
        for (QueryLevel? current = level; current is not null; current = current.Parent)
        {
            if (!skipItems)
            {
                foreach (RangeItem item in current.Items)
                {
                    if (SearchItem(item, refName, schema) is { } found)
                    {
                        return (found, current);
                    }
                }
            }

            skipItems = current.HideParentItems;
        }

        return null;
    }

    private static RangeItem? SearchItem(RangeItem item, string refName, string? schema)
    {
        if (item.RefName == refName && (schema is null || (!item.HasAlias && item.Relation?.Schema == schema)))
        {
            return item;
        }

        return item.Kind == ItemKind.Join && !item.AliasedJoin
            ? SearchItem(item.Left!, refName, schema) ?? SearchItem(item.Right!, refName, schema)
            : null;
    }
}
