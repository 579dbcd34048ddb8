using MaskingProxy.SqlRewriter.Catalog;
using MaskingProxy.SqlRewriter.Postgres.Ast;
using MaskingProxy.SqlRewriter.Rewriting;

namespace MaskingProxy.SqlRewriter.Postgres.Rewriting;

internal sealed partial class Analyzer
{
    private List<OutputColumn> AnalyzeInsert(InsertStmt insert, QueryLevel? parent)
    {
        var level = new QueryLevel(parent);
        if (insert.WithClause is { } with)
        {
            AnalyzeWith(with, level);
        }

        RangeItem target = TargetItem(insert.Relation);
        foreach (Node column in insert.Cols)
        {
            if (target.Relation is { } relation)
            {
                Touch(new ObjectReference(relation.Schema, relation.Name, column.ResTarget.Name));
            }
        }

        if (insert.SelectStmt is { } source)
        {
            // The inserted rows are a copy of what the source query reads (copy_out).
            foreach (OutputColumn column in AnalyzeSelect(source.SelectStmt, level))
            {
                CheckCopied(column.Flow, "INSERT");
            }
        }

        level.Items.Add(target);
        if (insert.OnConflictClause is { } conflict)
        {
            // EXCLUDED holds the proposed row: values the statement itself supplied (already checked).
            var excluded = new RangeItem(ItemKind.Derived, "excluded", [.. target.Columns.Select(c => ItemColumn.Of(c.Name, Flow.Clean))]);
            level.Items.Add(excluded);
            if (conflict.Infer?.WhereClause is { } inferWhere)
            {
                Expr(inferWhere, new ExprContext(level, Clause.Predicate, HiddenUse.None, true));
            }

            AnalyzeAssignments(conflict.TargetList, level);
            if (conflict.WhereClause is { } where)
            {
                Expr(where, new ExprContext(level, Clause.Predicate, HiddenUse.None, true));
            }

            level.Items.Remove(excluded);
        }

        return AnalyzeReturning(insert.ReturningList, level);
    }

    private List<OutputColumn> AnalyzeUpdate(UpdateStmt update, QueryLevel? parent)
    {
        var level = new QueryLevel(parent);
        if (update.WithClause is { } with)
        {
            AnalyzeWith(with, level);
        }

        RangeItem target = TargetItem(update.Relation);
        level.Items.Add(target);
        foreach (Node item in update.FromClause)
        {
            level.Items.Add(AnalyzeFromItem(item, level));
        }

        AnalyzeAssignments(update.TargetList, level);
        if (update.WhereClause is { } where)
        {
            Expr(where, new ExprContext(level, Clause.Predicate, HiddenUse.Predicate, true));
        }

        return AnalyzeReturning(update.ReturningList, level);
    }

    private List<OutputColumn> AnalyzeDelete(DeleteStmt delete, QueryLevel? parent)
    {
        var level = new QueryLevel(parent);
        if (delete.WithClause is { } with)
        {
            AnalyzeWith(with, level);
        }

        level.Items.Add(TargetItem(delete.Relation));
        foreach (Node item in delete.UsingClause)
        {
            level.Items.Add(AnalyzeFromItem(item, level));
        }

        if (delete.WhereClause is { } where)
        {
            Expr(where, new ExprContext(level, Clause.Predicate, HiddenUse.Predicate, true));
        }

        return AnalyzeReturning(delete.ReturningList, level);
    }

    private void AnalyzeMerge(MergeStmt merge, QueryLevel? parent)
    {
        var level = new QueryLevel(parent);
        if (merge.WithClause is { } with)
        {
            AnalyzeWith(with, level);
        }

        RangeItem target = TargetItem(merge.Relation);
        if (target.Coverage?.HasCovered == true)
        {
            Unprovable($"MERGE into covered table {target.Relation!.Schema}.{target.Relation.Name}");
        }

        level.Items.Add(target);
        level.Items.Add(AnalyzeFromItem(merge.SourceRelation, level));
        Expr(merge.JoinCondition, new ExprContext(level, Clause.Predicate, HiddenUse.Predicate, true));
        foreach (Node node in merge.MergeWhenClauses)
        {
            MergeWhenClause when = node.MergeWhenClause;
            if (when.Condition is { } condition)
            {
                Expr(condition, new ExprContext(level, Clause.Predicate, HiddenUse.Predicate, true));
            }

            AnalyzeAssignments(when.TargetList, level);
            foreach (Node value in when.Values)
            {
                CheckCopied(Expr(value, new ExprContext(level, Clause.Assignment)), "MERGE INSERT");
            }
        }
    }

    /// <summary>SET lists: values stored into the table are copies of what they read.</summary>
    private void AnalyzeAssignments(IEnumerable<Node> targets, QueryLevel level)
    {
        foreach (Node node in targets)
        {
            ResTarget target = node.ResTarget;
            if (target.Val?.MultiAssignRef is { } multi)
            {
                // SET (a, b) = (SELECT ...): the source is listed once per column; analyse it once.
                if (multi.Colno == 1)
                {
                    CheckCopied(Expr(multi.Source, new ExprContext(level, Clause.Assignment)), "UPDATE SET");
                }

                continue;
            }

            CheckCopied(Expr(target.Val, new ExprContext(level, Clause.Assignment)), "UPDATE SET");
        }
    }

    private List<OutputColumn> AnalyzeReturning(IEnumerable<Node> returning, QueryLevel level)
    {
        List<Node> list = [.. returning];
        return list.Count == 0 ? [] : AnalyzeTargetList(list, level, Clause.Returning);
    }

    /// <summary>The relation INSERT/UPDATE/DELETE/MERGE changes. It is read in place, never substituted.</summary>
    private RangeItem TargetItem(RangeVar relation)
    {
        string refName = relation.Alias?.Aliasname ?? relation.Relname;
        CheckReserved(refName);
        string? schema = relation.Schemaname.Length > 0 ? relation.Schemaname : null;
        CatalogRelation? catalogRelation = ResolveReadRelation(relation, schema);
        if (catalogRelation is null)
        {
            return new RangeItem(ItemKind.Opaque, refName, [ItemColumn.Unknown()]) { HasAlias = relation.Alias is not null };
        }

        Touch(catalogRelation);
        RelationCoverage coverage = _model.Coverage(catalogRelation);
        if (coverage.UnsafeReason is not null && coverage.HasCovered)
        {
            throw Deny(DenialKind.Policy, coverage.UnsafeReason, coverage.UnsafeRuleId);
        }

        return new RangeItem(ItemKind.Target, refName, RelationColumns(catalogRelation, coverage, FlowKind.Clean))
        {
            Relation = catalogRelation,
            Coverage = coverage,
            HasAlias = relation.Alias is not null,
        };
    }
}
