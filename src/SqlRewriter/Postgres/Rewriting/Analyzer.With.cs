using MaskingProxy.SqlRewriter.Postgres.Ast;
using MaskingProxy.SqlRewriter.Rewriting;

namespace MaskingProxy.SqlRewriter.Postgres.Rewriting;

internal sealed partial class Analyzer
{
    private void AnalyzeWith(WithClause with, QueryLevel level)
    {
        level.Ctes ??= new Dictionary<string, CteInfo>(StringComparer.Ordinal);
        foreach (Node node in with.Ctes)
        {
            CommonTableExpr cte = node.CommonTableExpr;
            var info = new CteInfo(cte.Ctename, []);
            List<OutputColumn> outputs;
            if (with.Recursive && cte.Ctequery.SelectStmt is { Op: SetOperation.SetopUnion } union)
            {
                // The non-recursive term fixes the columns; the recursive term then sees the CTE itself.
                var unionLevel = new QueryLevel(level);
                if (union.WithClause is { } inner)
                {
                    AnalyzeWith(inner, unionLevel);
                }

                List<OutputColumn> seed = AnalyzeSelect(union.Larg, unionLevel);
                info.Columns = CteColumns(seed, cte);
                level.Ctes[cte.Ctename] = info;
                List<OutputColumn> recursive = AnalyzeSelect(union.Rarg, unionLevel);
                outputs = MergeSetOperation(seed, recursive, SetOperation.SetopUnion, union.All);
                if (outputs.Exists(o => o.Flow.Kind == FlowKind.HashRaw))
                {
                    ColumnSource source = outputs.First(o => o.Flow.Kind == FlowKind.HashRaw).Flow.Source!;
                    throw Deny(DenialKind.Policy, $"hash-masked column {Describe(source)} cannot be used in a recursive query", source.Rule.Id);
                }

                foreach (Node sort in union.SortClause)
                {
                    AnalyzeSortBy(sort.SortBy, unionLevel, statementLevel: true);
                }
            }
            else
            {
                if (with.Recursive)
                {
                    level.Ctes[cte.Ctename] = info;
                }

                outputs = AnalyzeRowSource(cte.Ctequery, level);
            }

            info.Columns = CteColumns(outputs, cte);
            if (cte.SearchClause is not null || cte.CycleClause is not null)
            {
                info.Columns.Add(ItemColumn.Unknown());
            }

            level.Ctes[cte.Ctename] = info;
        }
    }

    private static List<ItemColumn> CteColumns(List<OutputColumn> outputs, CommonTableExpr cte)
    {
        List<string> aliases = Names.Strings(cte.Aliascolnames);
        var columns = new List<ItemColumn>(outputs.Count);
        for (int i = 0; i < outputs.Count; i++)
        {
            OutputColumn output = outputs[i];
            columns.Add(output.IsUnknownMarker ? ItemColumn.Unknown() : ItemColumn.Of(i < aliases.Count ? aliases[i] : output.Name, output.Flow));
        }

        return columns;
    }
}
