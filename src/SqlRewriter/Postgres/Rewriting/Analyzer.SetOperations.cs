using MaskingProxy.SqlRewriter.Postgres.Ast;
using MaskingProxy.SqlRewriter.Rewriting;

namespace MaskingProxy.SqlRewriter.Postgres.Rewriting;

internal sealed partial class Analyzer
{
    private List<OutputColumn> AnalyzeValues(IEnumerable<Node> rows, QueryLevel level)
    {
        List<List<Flow>> columns = [];
        int rowCount = 0;
        foreach (Node row in rows)
        {
            rowCount++;
            int i = 0;
            foreach (Node value in row.List.Items)
            {
                if (columns.Count <= i)
                {
                    columns.Add([]);
                }

                columns[i++].Add(Expr(value, new ExprContext(level, Clause.Other, HiddenUse.None, true)));
            }
        }

        var outputs = new List<OutputColumn>(columns.Count);
        for (int i = 0; i < columns.Count; i++)
        {
            string name = "column" + (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (rowCount == 1)
            {
                outputs.Add(new OutputColumn(name, columns[i][0]));
                continue;
            }

            // Several rows: the column's values come from different expressions, none is a plain column.
            outputs.Add(new OutputColumn(name, Flow.Combine([.. columns[i].Select(f => Consume(f, "a multi-row VALUES list", errorSafe: true))])));
        }

        return outputs;
    }

    private List<OutputColumn> MergeSetOperation(List<OutputColumn> left, List<OutputColumn> right, SetOperation op, bool all)
    {
        bool unknown = left.Exists(o => o.IsUnknownMarker) || right.Exists(o => o.IsUnknownMarker) || left.Count != right.Count;
        if (unknown)
        {
            OutputColumn? hash = left.Concat(right).FirstOrDefault(o => o.Flow.Kind is FlowKind.HashRaw or FlowKind.RawUnmasked);
            if (hash is not null)
            {
                ColumnSource source = hash.Flow.Sources[0];
                if (ViewMode)
                {
                    return [new OutputColumn(hash.Name, Flow.Of(FlowKind.Derived, hash.Flow.Sources), true)];
                }

                throw Deny(DenialKind.Policy, $"hash-masked column {Describe(source)} is combined by {op} with columns the proxy cannot count", source.Rule.Id);
            }

            return [new OutputColumn("?column?", Flow.Combine([.. left.Concat(right).Select(o => o.Flow)]), true)];
        }

        var merged = new List<OutputColumn>(left.Count);
        for (int i = 0; i < left.Count; i++)
        {
            Flow l = left[i].Flow;
            Flow r = right[i].Flow;
            Flow flow;
            if (l.Bare && r.Bare && l.Source == r.Source)
            {
                flow = l;
            }
            else if (l.Kind == FlowKind.HashRaw || r.Kind == FlowKind.HashRaw)
            {
                Flow hash = l.Kind == FlowKind.HashRaw ? l : r;
                Flow other = l.Kind == FlowKind.HashRaw ? r : l;
                bool sameMask = other.Kind == FlowKind.HashRaw && other.Bare && hash.Bare && Equals(other.Source!.Rule.Mask, hash.Source!.Rule.Mask);

                // UNION ALL only concatenates: the proxy transforms the whole column, values of the other
                // branch included. UNION/INTERSECT/EXCEPT compare raw values, which the pseudonym must hide.
                if (hash.Bare && (sameMask || (all && op == SetOperation.SetopUnion && other.Kind is FlowKind.Clean or FlowKind.Masked)))
                {
                    flow = hash;
                }
                else
                {
                    throw Deny(DenialKind.Policy, $"hash-masked column {Describe(hash.Sources[0])} is compared with other values by {SetOperationName(op, all)}", hash.Sources[0].Rule.Id);
                }
            }
            else if (l.Kind == FlowKind.RawUnmasked || r.Kind == FlowKind.RawUnmasked)
            {
                flow = Flow.Of(FlowKind.Derived, Flow.Combine(l, r).Sources);
            }
            else
            {
                flow = Flow.Combine(l, r);
            }

            merged.Add(new OutputColumn(left[i].Name, flow));
        }

        return merged;
    }

    private static string SetOperationName(SetOperation op, bool all) => op switch
    {
        SetOperation.SetopUnion => all ? "UNION ALL" : "UNION",
        SetOperation.SetopIntersect => all ? "INTERSECT ALL" : "INTERSECT",
        SetOperation.SetopExcept => all ? "EXCEPT ALL" : "EXCEPT",
        _ => op.ToString(),
    };
}
