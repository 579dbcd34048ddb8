using MaskingProxy.SqlRewriter.Postgres.Ast;
using MaskingProxy.SqlRewriter.Rewriting;

namespace MaskingProxy.SqlRewriter.Postgres.Rewriting;

internal sealed partial class Analyzer
{
    /// <summary>Analyses a SELECT (plain, VALUES or set operation) and returns its result columns.</summary>
    private List<OutputColumn> AnalyzeSelect(SelectStmt select, QueryLevel? parent, bool hideParentItems = false)
    {
        var level = new QueryLevel(parent, hideParentItems);
        if (select.WithClause is { } with)
        {
            AnalyzeWith(with, level);
        }

        List<OutputColumn> outputs;
        if (select.Op != SetOperation.SetopNone)
        {
            List<OutputColumn> left = AnalyzeSelect(select.Larg, level);
            List<OutputColumn> right = AnalyzeSelect(select.Rarg, level);
            outputs = MergeSetOperation(left, right, select.Op, select.All);
            level.Outputs = outputs;
        }
        else if (select.ValuesLists.Count > 0)
        {
            outputs = AnalyzeValues(select.ValuesLists, level);
            level.Outputs = outputs;
        }
        else
        {
            foreach (Node item in select.FromClause)
            {
                level.Items.Add(AnalyzeFromItem(item, level));
            }

            MarkTableStatement(select, level);

            if (select.WhereClause is { } where)
            {
                Expr(where, new ExprContext(level, Clause.Predicate, HiddenUse.Predicate, true));
            }

            // DISTINCT alone is a list holding one empty node; DISTINCT ON lists expressions.
            level.Distinct = select.DistinctClause.Count > 0;
            outputs = AnalyzeTargetList(select.TargetList, level, Clause.Output);
            level.Outputs = outputs;

            foreach (Node item in select.GroupClause)
            {
                AnalyzeGroupingItem(item, level, topLevel: true);
            }

            if (select.HavingClause is { } having)
            {
                Expr(having, new ExprContext(level, Clause.Predicate, HiddenUse.Predicate, true));
            }

            foreach (Node window in select.WindowClause)
            {
                AnalyzeWindow(window.WindowDef, level);
            }

            foreach (Node item in select.DistinctClause)
            {
                if (item.NodeCase != Node.NodeOneofCase.None)
                {
                    GroupingCheck(Expr(item, new ExprContext(level, Clause.Grouping, HiddenUse.None, true)), "DISTINCT ON");
                }
            }
        }

        foreach (Node sort in select.SortClause)
        {
            AnalyzeSortBy(sort.SortBy, level, statementLevel: true);
        }

        if (select.LimitCount is { } limit)
        {
            Expr(limit, new ExprContext(level, Clause.Other));
        }

        if (select.LimitOffset is { } offset)
        {
            Expr(offset, new ExprContext(level, Clause.Other));
        }

        if (select.LockingClause.Count > 0)
        {
            _results.MayWrite = true;
        }

        return outputs;
    }

    /// <summary><c>TABLE name</c> parses as <c>SELECT *</c> without locations: the whole form must be replaced.</summary>
    private void MarkTableStatement(SelectStmt select, QueryLevel level)
    {
        if (ViewMode || select.TargetList.Count != 1 || select.TargetList[0].ResTarget.Location >= 0 || level.Items.Count != 1 || level.Items[0].Kind != ItemKind.Substituted)
        {
            return;
        }

        RangeItem item = level.Items[0];
        if (_text.TokenBefore(item.SpanStart) is { Kind: Token.Table } table)
        {
            item.TableKeywordStart = table.Start;
        }
        else
        {
            throw new RewriteDeniedException(DenialKind.Unprovable, "cannot locate the TABLE keyword in the statement text");
        }
    }
}
