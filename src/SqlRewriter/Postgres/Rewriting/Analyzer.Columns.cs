using MaskingProxy.SqlRewriter.Policies;
using MaskingProxy.SqlRewriter.Postgres.Ast;
using MaskingProxy.SqlRewriter.Rewriting;

namespace MaskingProxy.SqlRewriter.Postgres.Rewriting;

internal sealed partial class Analyzer
{
    private Flow ColumnReference(ColumnRef reference, ExprContext context)
    {
        var names = new List<string>(reference.Fields.Count);
        bool star = false;
        foreach (Node field in reference.Fields)
        {
            if (field.NodeCase == Node.NodeOneofCase.AStar)
            {
                star = true;
            }
            else
            {
                string name = field.String?.Sval ?? string.Empty;
                CheckReserved(name);
                names.Add(name);
            }
        }

        if (star)
        {
            // t.* inside an expression (row_to_json(t.*), count(t.*)) is a whole-row value.
            if (names.Count == 0)
            {
                Unprovable("'*' used inside an expression");
                return Flow.Clean;
            }

            return FindItem(context.Level, names[^1], names.Count >= 2 ? names[^2] : null) is { } whole
                ? WholeRow(whole.Item, context)
                : Flow.Clean;
        }

        switch (names.Count)
        {
            case 1:
                if (FindColumn(context.Level, names[0]) is { } match)
                {
                    return ColumnFlow(match, reference, context, qualifierParts: 0);
                }

                // A bare relation name is a whole-row reference (SELECT p FROM patients p).
                return FindItem(context.Level, names[0], null) is { } item ? WholeRow(item.Item, context) : Flow.Clean;

            case 2:
                if (FindItem(context.Level, names[0], null) is { } qualified)
                {
                    return QualifiedColumn(qualified.Item, qualified.Level, names[1], reference, context, qualifierParts: 1);
                }

                // composite_column.field
                if (FindColumn(context.Level, names[0]) is { } composite)
                {
                    Flow flow = ColumnFlow(composite, null, context with { Hidden = HiddenUse.None }, qualifierParts: 0);
                    return Consume(flow, "a field selection", errorSafe: false).Unbare();
                }

                return Flow.Clean;

            default:
                // schema.table.column or database.schema.table.column
                if (FindItem(context.Level, names[^2], names[^3]) is { } schemaQualified)
                {
                    return QualifiedColumn(schemaQualified.Item, schemaQualified.Level, names[^1], reference, context, qualifierParts: names.Count - 1);
                }

                return Flow.Clean;
        }
    }

    private Flow QualifiedColumn(RangeItem item, QueryLevel level, string column, ColumnRef reference, ExprContext context, int qualifierParts)
    {
        ItemColumn? found = item.FindColumn(column);
        if (found is null)
        {
            // A column of an item with unknown columns, or an error the server will report.
            return Flow.Clean;
        }

        return ColumnFlow(new ColumnMatch(item, found, level, Certain: true), reference, context, qualifierParts);
    }

    /// <summary>What a resolved column reference yields in its clause; may add edits (hidden raw column, target masks).</summary>
    private Flow ColumnFlow(ColumnMatch match, ColumnRef? reference, ExprContext context, int qualifierParts)
    {
        ItemColumn column = match.Column;
        RangeItem item = match.Item;
        Touch(column);
        Flow flow = column.Flow;
        if (flow.IsCovered && !ViewMode)
        {
            _results.UseRule(flow.Sources[0].Rule.Id);
        }

        if (item.Kind == ItemKind.Target && column.Covered is { } targetColumn)
        {
            return TargetColumn(targetColumn, reference, context);
        }

        if (ViewMode)
        {
            return flow;
        }

        bool edited = false;
        if (context.IsPredicateLike && flow.IsCovered)
        {
            flow = PredicateView(flow, context.Clause, column.Name);
            if (flow.Kind == FlowKind.Masked && flow.Bare && item.Kind == ItemKind.Substituted && column.Covered is { } covered
                && covered.Rule.EffectivePredicates(Policy.Defaults) == PredicateMode.Allow
                && context.Hidden != HiddenUse.None && match.Certain && reference is not null)
            {
                edited = RedirectToHidden(item, covered, reference, match.Level, context);
                if (edited)
                {
                    flow = flow.WithKind(FlowKind.RawPredicate);
                }
            }
        }

        // schema.table.column names the relation, which is now a subquery aliased by its table name.
        if (!edited && qualifierParts >= 2 && item.Kind == ItemKind.Substituted && reference is not null)
        {
            (int start, int end) = ReferenceSpan(reference);
            _edits.Replace(start, end, SqlIdentifier.Quote(item.RefName!) + "." + SqlIdentifier.Quote(column.Name));
        }

        return flow;
    }

    /// <summary>
    /// The fact a predicate-like clause sees for a covered value: <c>predicates: deny</c> refuses it, a hash
    /// column under <c>allow</c> is a raw predicate value (its raw value is what the subquery outputs).
    /// </summary>
    private Flow PredicateView(Flow flow, Clause clause, string name)
    {
        if (ViewMode || !flow.IsCovered)
        {
            return flow;
        }

        foreach (ColumnSource source in flow.Sources)
        {
            if (source.Rule.EffectivePredicates(Policy.Defaults) == PredicateMode.Deny)
            {
                throw Deny(DenialKind.Predicate, $"covered column {Describe(source)} is used in {ClauseName(clause)} ({name}), and its rule has predicates: deny", source.Rule.Id);
            }
        }

        if (flow.Kind == FlowKind.HashRaw && flow.Bare && flow.Source!.Rule.EffectivePredicates(Policy.Defaults) == PredicateMode.Allow)
        {
            return flow.WithKind(FlowKind.RawPredicate);
        }

        return flow;
    }

    private static string ClauseName(Clause clause) => clause switch
    {
        Clause.Predicate => "a predicate (WHERE/ON/HAVING/FILTER)",
        Clause.Grouping => "GROUP BY/PARTITION BY/DISTINCT ON",
        Clause.Ordering => "ORDER BY",
        _ => clause.ToString(),
    };

    /// <summary>
    /// <c>predicates: allow</c>: point the reference at the hidden raw column the masking subquery adds.
    /// Only when the reference certainly resolves to the item and its qualifier is not shadowed here.
    /// </summary>
    private bool RedirectToHidden(RangeItem item, CoveredColumn covered, ColumnRef reference, QueryLevel itemLevel, ExprContext context)
    {
        if (item.RefName is null || FindItem(context.Level, item.RefName, null) is not { } visible || visible.Item != item || visible.Level != itemLevel)
        {
            return false;
        }

        int index = item.Relation!.IndexOfColumn(covered.Column);
        if (index < 0 || reference.Location < 0)
        {
            return false;
        }

        (int start, int end) = ReferenceSpan(reference);
        string qualifier = SqlIdentifier.Quote(item.RefName);
        string raw = qualifier + "." + SqlIdentifier.Quote(CoverageModel.HiddenName(covered.Column));
        if (context.Hidden == HiddenUse.GroupPair && context.TopLevel)
        {
            // Group by the raw value and keep the masked column groupable, so the result list may show it.
            raw += ", " + qualifier + "." + SqlIdentifier.Quote(item.FindColumnName(covered));
        }

        item.Hidden.Add(index);
        _edits.Replace(start, end, raw);
        return true;
    }

    /// <summary>A covered column of the INSERT/UPDATE/DELETE target, which cannot be substituted.</summary>
    private Flow TargetColumn(CoveredColumn covered, ColumnRef? reference, ExprContext context)
    {
        PolicyRule rule = covered.Rule;
        ColumnSource source = covered.Source;
        _results.NoteRule(rule.Id);
        switch (context.Clause)
        {
            case Clause.Predicate:
                PredicateMode mode = rule.EffectivePredicates(Policy.Defaults);
                if (mode == PredicateMode.Deny)
                {
                    throw Deny(DenialKind.Predicate, $"covered column {Describe(source)} is used in a predicate, and its rule has predicates: deny", rule.Id);
                }

                if (mode == PredicateMode.Allow)
                {
                    return Flow.Column(FlowKind.RawPredicate, source);
                }

                if (covered.IsHash)
                {
                    throw Deny(DenialKind.Predicate, $"covered column {Describe(source)} is used in a predicate under predicates: mask, but its mask (hash) cannot be computed in SQL", rule.Id);
                }

                SpliceMask(covered, reference);
                return Flow.Column(FlowKind.Masked, source);

            case Clause.Returning:
                if (covered.IsHash)
                {
                    return Flow.Column(FlowKind.HashRaw, source);
                }

                SpliceMask(covered, reference);
                return Flow.Column(FlowKind.Masked, source);

            default:
                throw Deny(DenialKind.Policy, $"the statement reads covered column {Describe(source)} of the table it modifies outside WHERE and RETURNING; its raw value would be copied or exposed", rule.Id);
        }
    }

    private void SpliceMask(CoveredColumn covered, ColumnRef? reference)
    {
        if (reference is null || reference.Location < 0)
        {
            throw new RewriteDeniedException(DenialKind.Unprovable, $"cannot locate a reference to {Describe(covered.Source)} in the statement text");
        }

        (int start, int end) = ReferenceSpan(reference);
        _edits.Replace(start, end, MaskTemplates.Build(covered.Rule.Mask, covered.TypeName, _text.Sql[start..end]));
        _splicedReferences.Add(start);
        _results.UseRule(covered.Rule.Id);
    }

    private (int Start, int End) ReferenceSpan(ColumnRef reference)
    {
        int start = _text.Index(reference.Location);
        int end = start < 0 ? -1 : _text.NameEnd(start, reference.Fields.Count);
        if (end < 0)
        {
            throw new RewriteDeniedException(DenialKind.Unprovable, "cannot locate a column reference in the statement text");
        }

        return (start, end);
    }

    /// <summary>A whole-row value of a FROM item (<c>p</c>, <c>p.*</c> in an expression, <c>row_to_json(p)</c>).</summary>
    private Flow WholeRow(RangeItem item, ExprContext context)
    {
        var flows = new List<Flow>();
        foreach (RangeItem baseItem in item.BaseItems())
        {
            baseItem.WholeRowUsed = true;
        }

        foreach (ItemColumn column in item.Columns)
        {
            Touch(column);
            if (item.Kind == ItemKind.Target && column.Covered is { } covered)
            {
                throw Deny(DenialKind.Policy, $"a whole-row reference to the modified table includes covered column {Describe(covered.Source)}", covered.Rule.Id);
            }

            Flow flow = column.Flow;
            if (flow.Kind == FlowKind.HashRaw && !ViewMode)
            {
                throw Deny(DenialKind.Policy, $"a whole-row reference to {item.RefName} includes hash-masked column {Describe(flow.Source!)}, whose pseudonym cannot be computed in SQL", flow.Source!.Rule.Id);
            }

            if (flow.IsCovered && !ViewMode)
            {
                _results.UseRule(flow.Sources[0].Rule.Id);
            }

            flows.Add(context.IsPredicateLike ? PredicateView(flow, context.Clause, column.Name) : flow);
        }

        Flow combined = Flow.Combine(flows);
        return ViewMode && combined.IsCovered ? Flow.Of(FlowKind.Derived, combined.Sources) : combined;
    }

    /// <summary>Subjects may not name the hidden raw columns of masking subqueries.</summary>
    private static void CheckReserved(string name)
    {
        if (name.StartsWith("__mp_", StringComparison.OrdinalIgnoreCase))
        {
            throw Deny(DenialKind.Policy, $"identifier {name} uses the prefix __mp_, which is reserved by the masking proxy");
        }
    }
}
