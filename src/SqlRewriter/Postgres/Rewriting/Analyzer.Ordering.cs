using MaskingProxy.SqlRewriter.Postgres.Ast;
using MaskingProxy.SqlRewriter.Rewriting;

namespace MaskingProxy.SqlRewriter.Postgres.Rewriting;

internal sealed partial class Analyzer
{
    private void AnalyzeWindow(WindowDef window, QueryLevel level)
    {
        foreach (Node item in window.PartitionClause)
        {
            GroupingCheck(Expr(item, new ExprContext(level, Clause.Grouping, HiddenUse.None, true)), "PARTITION BY");
        }

        foreach (Node item in window.OrderClause)
        {
            AnalyzeSortBy(item.SortBy, level, statementLevel: false);
        }

        if (window.StartOffset is { } start)
        {
            Expr(start, new ExprContext(level, Clause.Other));
        }

        if (window.EndOffset is { } end)
        {
            Expr(end, new ExprContext(level, Clause.Other));
        }
    }

    /// <summary>ORDER BY item: an output ordinal or name (statement level), else an expression.</summary>
    private void AnalyzeSortBy(SortBy sort, QueryLevel level, bool statementLevel)
    {
        if (sort.UseOp.Count > 0)
        {
            CheckOperatorName(sort.UseOp);
        }

        Flow flow;
        if (statementLevel && OutputReference(sort.Node, level, preferOutputNames: true) is { } output)
        {
            flow = PredicateView(output.Flow, Clause.Ordering, output.Name);
        }
        else
        {
            HiddenUse hidden = statementLevel && !level.Distinct ? HiddenUse.Predicate : HiddenUse.None;
            flow = Expr(sort.Node, new ExprContext(level, Clause.Ordering, hidden, true));
        }

        // Ordering by a raw hash value reveals the raw order, which the pseudonym would not.
        Consume(flow, "ORDER BY", errorSafe: true);
    }

    private void AnalyzeGroupingItem(Node item, QueryLevel level, bool topLevel)
    {
        if (item.NodeCase == Node.NodeOneofCase.GroupingSet)
        {
            foreach (Node inner in item.GroupingSet.Content)
            {
                AnalyzeGroupingItem(inner, level, topLevel: false);
            }

            return;
        }

        // GROUP BY prefers input columns; an output name is used only when no input column matches.
        if (OutputReference(item, level, preferOutputNames: false) is { } output)
        {
            GroupingCheck(PredicateView(output.Flow, Clause.Grouping, output.Name), "GROUP BY");
            return;
        }

        HiddenUse hidden = topLevel ? HiddenUse.GroupPair : HiddenUse.None;
        GroupingCheck(Expr(item, new ExprContext(level, Clause.Grouping, hidden, true)), "GROUP BY");
    }

    /// <summary>Grouping and DISTINCT ON only compare for equality, which a deterministic pseudonym preserves.</summary>
    private void GroupingCheck(Flow flow, string construct)
    {
        if (flow.Kind == FlowKind.HashRaw && flow.Bare)
        {
            return;
        }

        Consume(flow, construct, errorSafe: true);
    }

    /// <summary>
    /// An ORDER BY/GROUP BY item that names a result column: an integer ordinal, or a bare name matching a
    /// result column (ORDER BY prefers result names; GROUP BY only uses them when no input column matches).
    /// </summary>
    private OutputColumn? OutputReference(Node node, QueryLevel level, bool preferOutputNames)
    {
        if (level.Outputs is not { } outputs)
        {
            return null;
        }

        if (node.AConst is { Ival: { } ordinal } && !node.AConst.Isnull && node.AConst.ValCase == A_Const.ValOneofCase.Ival)
        {
            int index = ordinal.Ival - 1;
            if (index >= 0 && index < outputs.Count && !outputs.Take(index + 1).Any(o => o.IsUnknownMarker))
            {
                return outputs[index];
            }

            if (outputs.Exists(o => o.IsUnknownMarker) && outputs.Exists(o => o.Flow.IsCovered))
            {
                Unprovable("ORDER BY/GROUP BY position after a '*' over columns the proxy cannot count");
            }

            return null;
        }

        if (node.ColumnRef is { Fields.Count: 1 } reference && reference.Fields[0].String is { } name)
        {
            OutputColumn? match = outputs.FirstOrDefault(o => !o.IsUnknownMarker && o.Name == name.Sval);
            if (match is null)
            {
                return null;
            }

            if (preferOutputNames || FindColumn(level, name.Sval) is null)
            {
                return match;
            }
        }

        return null;
    }
}
