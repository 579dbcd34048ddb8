using System.Text;
using MaskingProxy.SqlRewriter.Postgres.Ast;
using MaskingProxy.SqlRewriter.Rewriting;

namespace MaskingProxy.SqlRewriter.Postgres.Rewriting;

internal sealed partial class Analyzer
{
    private List<OutputColumn> AnalyzeTargetList(IEnumerable<Node> targets, QueryLevel level, Clause clause)
    {
        var outputs = new List<OutputColumn>();
        foreach (Node node in targets)
        {
            ResTarget target = node.ResTarget;
            if (target.Val?.ColumnRef is { } reference && reference.Fields.Count > 0 && reference.Fields[^1].NodeCase == Node.NodeOneofCase.AStar)
            {
                outputs.AddRange(ExpandStar(reference, level, clause));
                continue;
            }

            if (target.Val?.AIndirection is { } indirection && indirection.Indirection.Count > 0 && indirection.Indirection[^1].NodeCase == Node.NodeOneofCase.AStar)
            {
                // (p).* — expands like p.* but cannot be spelled out in place.
                Flow whole = Expr(indirection.Arg, new ExprContext(level, clause));
                if (whole.IsCovered && !ViewMode && whole.Kind != FlowKind.Masked)
                {
                    Unprovable("(row).* over covered columns");
                }

                outputs.Add(new OutputColumn("?column?", whole, IsUnknownMarker: true));
                continue;
            }

            CheckReserved(target.Name);
            Flow flow = Expr(target.Val, new ExprContext(level, clause, HiddenUse.None, true));
            string name = target.Name.Length > 0 ? target.Name : ColumnNames.Figure(target.Val);
            if (target.Name.Length == 0 && target.Val?.ColumnRef is { } spliced && _splicedReferences.Contains(_text.Index(spliced.Location)))
            {
                // A masked RETURNING column must keep its name.
                (int _, int end) = ReferenceSpan(spliced);
                _edits.Insert(end, " AS " + SqlIdentifier.Quote(name));
            }

            outputs.Add(new OutputColumn(name, flow));
        }

        return outputs;
    }

    /// <summary><c>*</c> or <c>t.*</c> in a result list.</summary>
    private List<OutputColumn> ExpandStar(ColumnRef reference, QueryLevel level, Clause clause)
    {
        List<string> qualifier = Names.Strings(reference.Fields.Take(reference.Fields.Count - 1));
        foreach (string part in qualifier)
        {
            CheckReserved(part);
        }

        List<RangeItem> items;
        if (qualifier.Count == 0)
        {
            items = [.. level.Items];
        }
        else if (FindItem(level, qualifier[^1], qualifier.Count >= 2 ? qualifier[^2] : null) is { } found)
        {
            items = [found.Item];
        }
        else
        {
            return [new OutputColumn("?column?", Flow.Clean, IsUnknownMarker: true)];
        }

        var outputs = new List<OutputColumn>();
        foreach (RangeItem item in items)
        {
            foreach (ItemColumn column in item.Columns)
            {
                Touch(column);
                if (column.IsUnknownMarker)
                {
                    outputs.Add(new OutputColumn("?column?", Flow.Clean, IsUnknownMarker: true));
                    continue;
                }

                Flow flow = column.Flow;
                if (item.Kind == ItemKind.Target && column.Covered is { } covered)
                {
                    flow = Flow.Column(covered.IsHash ? FlowKind.HashRaw : FlowKind.Masked, covered.Source);
                }

                if (flow.IsCovered && !ViewMode)
                {
                    _results.UseRule(flow.Sources[0].Rule.Id);
                }

                outputs.Add(new OutputColumn(column.Name, flow));
            }
        }

        if (!ViewMode)
        {
            int start = _text.Index(reference.Location);
            int end = start < 0 ? -1 : _text.NameEnd(start, reference.Fields.Count);
            _stars.Add(new PendingStar(start, end, items, qualifier.Count > 0) { QualifierParts = qualifier.Count, Clause = clause });
        }

        return outputs;
    }

    /// <summary>
    /// The explicit column list a star must be replaced with when it covers a relation that is not simply a
    /// masking subquery without extras: a substituted relation with hidden raw columns (which * would show),
    /// or a DML target (read in place, so RETURNING * must spell out the masks).
    /// </summary>
    private string? StarExpansion(PendingStar star)
    {
        bool needed = star.Items.SelectMany(i => i.BaseItems()).Any(i => i.Hidden.Count > 0 || (i.Kind == ItemKind.Target && i.Coverage?.HasCovered == true))
            || (star.QualifierParts >= 2 && star.Items[0].Kind == ItemKind.Substituted);
        if (!needed)
        {
            return null;
        }

        var parts = new List<string>();
        foreach (RangeItem item in star.Items)
        {
            AppendStarItem(item, parts);
        }

        return string.Join(", ", parts);
    }

    private void AppendStarItem(RangeItem item, List<string> parts)
    {
        bool special = item.BaseItems().Any(i => i.Hidden.Count > 0 || (i.Kind == ItemKind.Target && i.Coverage?.HasCovered == true) || i.Kind == ItemKind.Substituted);
        if (item.Kind == ItemKind.Join)
        {
            if (item.AliasedJoin || item.MergesColumns)
            {
                if (special && item.BaseItems().Any(i => i.Hidden.Count > 0 || i.Kind == ItemKind.Target))
                {
                    throw new RewriteDeniedException(DenialKind.Unprovable, "'*' over a JOIN with USING, NATURAL or an alias cannot be spelled out to hide raw predicate columns");
                }

                parts.Add(SqlIdentifier.Quote(item.RefName ?? throw new RewriteDeniedException(DenialKind.Unprovable, "'*' over an unnamed join")) + ".*");
                return;
            }

            AppendStarItem(item.Left!, parts);
            AppendStarItem(item.Right!, parts);
            return;
        }

        if (item.RefName is null)
        {
            throw new RewriteDeniedException(DenialKind.Unprovable, "'*' over an unnamed FROM item cannot be spelled out");
        }

        string qualifier = SqlIdentifier.Quote(item.RefName);
        if (item.Kind == ItemKind.Target && item.Coverage?.HasCovered == true)
        {
            foreach (ItemColumn column in item.Columns)
            {
                string reference = qualifier + "." + SqlIdentifier.Quote(column.Name);
                parts.Add(column.Covered is { IsHash: false } covered
                    ? MaskTemplates.Build(covered.Rule.Mask, covered.TypeName, reference) + " AS " + SqlIdentifier.Quote(column.Name)
                    : reference);
            }

            return;
        }

        if (item.Hidden.Count > 0)
        {
            if (item.HasUnknownColumns)
            {
                throw new RewriteDeniedException(DenialKind.Unprovable, $"'*' over {item.RefName} cannot be spelled out");
            }

            var builder = new StringBuilder();
            foreach (ItemColumn column in item.Columns)
            {
                if (builder.Length > 0)
                {
                    builder.Append(", ");
                }

                builder.Append(qualifier).Append('.').Append(SqlIdentifier.Quote(column.Name));
            }

            parts.Add(builder.ToString());
            return;
        }

        parts.Add(qualifier + ".*");
    }
}
