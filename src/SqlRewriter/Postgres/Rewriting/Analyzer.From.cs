using MaskingProxy.SqlRewriter.Catalog;
using MaskingProxy.SqlRewriter.Postgres.Ast;
using MaskingProxy.SqlRewriter.Rewriting;

namespace MaskingProxy.SqlRewriter.Postgres.Rewriting;

internal sealed partial class Analyzer
{
    private RangeItem AnalyzeFromItem(Node node, QueryLevel level)
    {
        switch (node.NodeCase)
        {
            case Node.NodeOneofCase.RangeVar:
                return RelationItem(node.RangeVar, level);

            case Node.NodeOneofCase.RangeSubselect:
                RangeSubselect sub = node.RangeSubselect;

                // A non-LATERAL subquery sees the enclosing levels, not its sibling FROM items.
                List<OutputColumn> outputs = AnalyzeSubquery(sub.Subquery, level, hideParentItems: !sub.Lateral);
                return new RangeItem(ItemKind.Derived, sub.Alias?.Aliasname, ApplyAliases(ToItemColumns(outputs), sub.Alias)) { HasAlias = true };

            case Node.NodeOneofCase.RangeFunction:
                return FunctionItem(node.RangeFunction, level);

            case Node.NodeOneofCase.JoinExpr:
                return JoinItem(node.JoinExpr, level);

            case Node.NodeOneofCase.RangeTableSample:
                RangeTableSample sample = node.RangeTableSample;
                RangeItem sampled = AnalyzeFromItem(sample.Relation, level);
                if (sampled.Kind == ItemKind.Substituted)
                {
                    Unprovable($"TABLESAMPLE on covered relation {sampled.Relation!.Schema}.{sampled.Relation.Name}");
                }

                foreach (Node argument in sample.Args)
                {
                    Expr(argument, new ExprContext(level, Clause.Other));
                }

                return sampled;

            case Node.NodeOneofCase.RangeTableFunc:
                RangeTableFunc table = node.RangeTableFunc;
                var context = new ExprContext(level, Clause.Other);
                Consume(Expr(table.Docexpr, context), "XMLTABLE", errorSafe: false);
                Consume(Expr(table.Rowexpr, context), "XMLTABLE", errorSafe: false);
                var columns = new List<ItemColumn>();
                foreach (Node column in table.Columns)
                {
                    RangeTableFuncCol col = column.RangeTableFuncCol;
                    if (col.Colexpr is { } colExpr)
                    {
                        Consume(Expr(colExpr, context), "XMLTABLE", errorSafe: false);
                    }

                    if (col.Coldefexpr is { } defExpr)
                    {
                        Consume(Expr(defExpr, context), "XMLTABLE", errorSafe: false);
                    }

                    columns.Add(ItemColumn.Of(col.Colname, Flow.Clean));
                }

                return new RangeItem(ItemKind.Opaque, table.Alias?.Aliasname, ApplyAliases(columns, table.Alias)) { HasAlias = true };

            default:
                Unprovable($"FROM item {node.NodeCase}");
                return new RangeItem(ItemKind.Opaque, null, [ItemColumn.Unknown()]);
        }
    }

    private List<OutputColumn> AnalyzeSubquery(Node query, QueryLevel level, bool hideParentItems)
    {
        if (query.NodeCase != Node.NodeOneofCase.SelectStmt)
        {
            Unprovable($"subquery {query.NodeCase}");
            return [new OutputColumn("?column?", Flow.Clean, true)];
        }

        return AnalyzeSelect(query.SelectStmt, level, hideParentItems);
    }

    private static List<ItemColumn> ToItemColumns(List<OutputColumn> outputs) =>
        [.. outputs.Select(o => o.IsUnknownMarker ? ItemColumn.Unknown() : ItemColumn.Of(o.Name, o.Flow))];

    /// <summary><c>AS alias(a, b)</c> renames the first columns.</summary>
    private static List<ItemColumn> ApplyAliases(List<ItemColumn> columns, Alias? alias)
    {
        if (alias is null || alias.Colnames.Count == 0)
        {
            return columns;
        }

        List<string> names = Names.Strings(alias.Colnames);
        var renamed = new List<ItemColumn>(columns.Count);
        int next = 0;
        foreach (ItemColumn column in columns)
        {
            if (column.IsUnknownMarker)
            {
                // Aliases beyond this point cannot be matched to columns; names stay unknown.
                next = names.Count;
                renamed.Add(column);
                continue;
            }

            renamed.Add(next < names.Count ? column.Renamed(names[next++]) : column);
        }

        return renamed;
    }

    private RangeItem FunctionItem(RangeFunction function, QueryLevel level)
    {
        // Functions in FROM may refer to earlier FROM items (implicit LATERAL): the level is visible.
        var context = new ExprContext(level, Clause.Other);
        string? name = null;
        var flows = new List<Flow>();
        foreach (Node entry in function.Functions)
        {
            // Each entry is a list: the call, then an optional column definition list.
            Node call = entry.List.Items[0];
            flows.Add(Consume(Expr(call, context), "a function in FROM", errorSafe: false));
            name ??= call.FuncCall is { } fc ? Names.Function(fc.Funcname).Name : null;
        }

        Flow flow = Flow.Combine(flows);
        var columns = new List<ItemColumn>();
        List<string> aliases = function.Alias is { } alias ? Names.Strings(alias.Colnames) : [];
        if (function.Coldeflist.Count > 0)
        {
            columns.AddRange(function.Coldeflist.Select(c => ItemColumn.Of(c.ColumnDef.Colname, flow)));
        }
        else if (aliases.Count > 0)
        {
            columns.AddRange(aliases.Select(a => ItemColumn.Of(a, flow)));
            columns.Add(ItemColumn.Unknown());
        }
        else
        {
            columns.Add(ItemColumn.Unknown());
        }

        if (flow.IsCovered && !ViewMode)
        {
            foreach (ColumnSource source in flow.Sources)
            {
                _results.UseRule(source.Rule.Id);
            }
        }

        return new RangeItem(ItemKind.Opaque, function.Alias?.Aliasname ?? name, columns) { HasAlias = function.Alias is not null };
    }

    private RangeItem JoinItem(JoinExpr join, QueryLevel level)
    {
        RangeItem left = AnalyzeFromItem(join.Larg, level);

        // The right side may be LATERAL and refer to the left side; ON sees both.
        level.Items.Add(left);
        RangeItem right = AnalyzeFromItem(join.Rarg, level);
        level.Items.Add(right);
        try
        {
            List<string> merged = join.IsNatural ? NaturalColumns(left, right) : Names.Strings(join.UsingClause);
            var columns = new List<ItemColumn>();
            foreach (string name in merged)
            {
                ItemColumn? l = left.FindColumn(name);
                ItemColumn? r = right.FindColumn(name);
                Flow lf = l?.Flow ?? Flow.Clean;
                Flow rf = r?.Flow ?? Flow.Clean;
                Touch(l);
                Touch(r);
                CheckReserved(name);

                // USING compares the two columns for equality, like an ON predicate.
                Flow compared = Comparison(PredicateView(lf, Clause.Predicate, name), PredicateView(rf, Clause.Predicate, name), "JOIN USING", equality: true);
                _ = compared;
                Flow exposed = join.Jointype switch
                {
                    JoinType.JoinRight => rf,
                    JoinType.JoinFull => lf.Kind == FlowKind.HashRaw ? lf : Flow.Combine(lf, rf),
                    _ => lf,
                };
                columns.Add(ItemColumn.Of(name, exposed));
            }

            columns.AddRange(left.Columns.Where(c => c.IsUnknownMarker || !merged.Contains(c.Name)));
            columns.AddRange(right.Columns.Where(c => c.IsUnknownMarker || !merged.Contains(c.Name)));

            if (join.Quals is { } quals)
            {
                Expr(quals, new ExprContext(level, Clause.Predicate, HiddenUse.Predicate, true));
            }

            return new RangeItem(ItemKind.Join, join.Alias?.Aliasname, ApplyAliases(columns, join.Alias))
            {
                Left = left,
                Right = right,
                MergesColumns = merged.Count > 0,
                AliasedJoin = join.Alias is not null,
                HasAlias = join.Alias is not null,
            };
        }
        finally
        {
            level.Items.Remove(right);
            level.Items.Remove(left);
        }
    }

    private List<string> NaturalColumns(RangeItem left, RangeItem right)
    {
        if (left.HasUnknownColumns || right.HasUnknownColumns)
        {
            if (left.Columns.Exists(c => c.Flow.IsCovered) || right.Columns.Exists(c => c.Flow.IsCovered))
            {
                Unprovable("NATURAL JOIN with a side whose columns the proxy cannot list");
            }

            return [];
        }

        return [.. left.Columns.Select(c => c.Name).Where(n => right.FindColumn(n) is not null).Distinct()];
    }

    private void Touch(ItemColumn? column)
    {
        if (column?.CatalogColumn is { } reference)
        {
            Touch(reference);
        }
    }
}
