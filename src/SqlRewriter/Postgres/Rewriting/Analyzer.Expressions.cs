using MaskingProxy.SqlRewriter.Postgres.Ast;

namespace MaskingProxy.SqlRewriter.Postgres.Rewriting;

internal sealed partial class Analyzer
{
    /// <summary>Analyses an expression of the raw parse tree and returns what its value carries.</summary>
    private Flow Expr(Node? node, ExprContext context)
    {
        if (node is null)
        {
            return Flow.Clean;
        }

        ExprContext nested = context.Nested;
        switch (node.NodeCase)
        {
            case Node.NodeOneofCase.None:
            case Node.NodeOneofCase.AConst:
            case Node.NodeOneofCase.ParamRef:
            case Node.NodeOneofCase.SqlvalueFunction:
            case Node.NodeOneofCase.SetToDefault:
            case Node.NodeOneofCase.CurrentOfExpr:
                return Flow.Clean;

            case Node.NodeOneofCase.ColumnRef:
                return ColumnReference(node.ColumnRef, context);

            case Node.NodeOneofCase.TypeCast:
                return TypeCastFlow(node.TypeCast, nested);

            case Node.NodeOneofCase.CollateClause:
                // COLLATE changes comparison rules, not the value.
                return Expr(node.CollateClause.Arg, context);

            case Node.NodeOneofCase.AExpr:
                return AExprFlow(node.AExpr, nested);

            case Node.NodeOneofCase.BoolExpr:
                return Flow.Combine([.. node.BoolExpr.Args.Select(a => Consume(Expr(a, nested), "AND/OR/NOT", errorSafe: true))]);

            case Node.NodeOneofCase.NullTest:
                // IS NULL reveals only nullness, which every mask preserves (NULL stays NULL).
                Flow tested = Expr(node.NullTest.Arg, nested);
                return tested.Kind is FlowKind.HashRaw or FlowKind.RawPredicate ? Flow.Of(FlowKind.Masked, tested.Sources) : Consume(tested, "IS NULL", errorSafe: true);

            case Node.NodeOneofCase.BooleanTest:
                return Comparison(Expr(node.BooleanTest.Arg, nested), Flow.Clean, "IS TRUE/FALSE", equality: false);

            case Node.NodeOneofCase.FuncCall:
                return FunctionFlow(node.FuncCall, nested);

            case Node.NodeOneofCase.SubLink:
                return SubLinkFlow(node.SubLink, context);

            case Node.NodeOneofCase.CaseExpr:
                return CaseFlow(node.CaseExpr, nested);

            case Node.NodeOneofCase.CoalesceExpr:
                return Flow.Combine([.. node.CoalesceExpr.Args.Select(a => Consume(Expr(a, nested), "COALESCE", errorSafe: true))]);

            case Node.NodeOneofCase.MinMaxExpr:
                return Flow.Combine([.. node.MinMaxExpr.Args.Select(a => Consume(Expr(a, nested), "GREATEST/LEAST", errorSafe: true))]);

            case Node.NodeOneofCase.AArrayExpr:
                return Flow.Combine([.. node.AArrayExpr.Elements.Select(a => Consume(Expr(a, nested), "an ARRAY constructor", errorSafe: true))]);

            case Node.NodeOneofCase.RowExpr:
                return Flow.Combine([.. node.RowExpr.Args.Select(a => Consume(Expr(a, nested), "a ROW constructor", errorSafe: true))]);

            case Node.NodeOneofCase.AIndirection:
                return IndirectionFlow(node.AIndirection, context);

            case Node.NodeOneofCase.XmlExpr:
                XmlExpr xml = node.XmlExpr;
                return Flow.Combine([.. xml.NamedArgs.Concat(xml.Args).Select(a => Consume(Expr(a, nested), "an XML function", errorSafe: false))]);

            case Node.NodeOneofCase.XmlSerialize:
                return Consume(Expr(node.XmlSerialize.Expr, nested), "XMLSERIALIZE", errorSafe: false);

            case Node.NodeOneofCase.ResTarget:
                // Named arguments of XML functions (xmlattributes(x AS name)).
                return Expr(node.ResTarget.Val, context);

            case Node.NodeOneofCase.GroupingFunc:
                // GROUPING() tells whether its arguments are grouped, not their values.
                foreach (Node argument in node.GroupingFunc.Args)
                {
                    Expr(argument, nested with { Clause = Clause.Grouping, Hidden = HiddenUse.None });
                }

                return Flow.Clean;

            case Node.NodeOneofCase.NamedArgExpr:
                return Expr(node.NamedArgExpr.Arg, context);

            case Node.NodeOneofCase.List:
                return Flow.Combine([.. node.List.Items.Select(a => Expr(a, nested))]);

            default:
                Unprovable($"expression {node.NodeCase} is not supported");
                return Flow.Clean;
        }
    }

    private Flow TypeCastFlow(TypeCast cast, ExprContext context)
    {
        Flow flow = Expr(cast.Arg, context);
        if (!flow.IsCovered)
        {
            return flow.Unbare();
        }

        (string? schema, string type) = Names.Function(cast.TypeName.Names);
        bool text = (schema is null or "pg_catalog") && ErrorSafeFunctions.IsTextType(type) && cast.TypeName.ArrayBounds.Count == 0;
        return Consume(flow, $"a cast to {Names.Display(cast.TypeName.Names)}", errorSafe: text);
    }

    private Flow AExprFlow(A_Expr expr, ExprContext context)
    {
        switch (expr.Kind)
        {
            case A_Expr_Kind.AexprOp:
            case A_Expr_Kind.AexprOpAny:
            case A_Expr_Kind.AexprOpAll:
                return OperatorFlow(expr, context);

            case A_Expr_Kind.AexprDistinct:
            case A_Expr_Kind.AexprNotDistinct:
                return Comparison(Expr(expr.Lexpr, context), Expr(expr.Rexpr, context), "IS DISTINCT FROM", equality: true);

            case A_Expr_Kind.AexprNullif:
                // NULLIF returns its first argument: a comparison that keeps the value.
                Flow value = Expr(expr.Lexpr, context);
                Comparison(value, Expr(expr.Rexpr, context), "NULLIF", equality: true);
                return Consume(value, "NULLIF", errorSafe: true);

            case A_Expr_Kind.AexprIn:
                Flow left = Expr(expr.Lexpr, context);
                Flow result = Flow.Clean;
                foreach (Node item in expr.Rexpr.List?.Items ?? [expr.Rexpr])
                {
                    result = Flow.Combine(result, Comparison(left, Expr(item, context), "IN", equality: true));
                }

                CheckOperatorName(expr.Name);
                return result;

            case A_Expr_Kind.AexprLike:
            case A_Expr_Kind.AexprIlike:
            case A_Expr_Kind.AexprSimilar:
                CheckOperatorName(expr.Name);
                return Comparison(Expr(expr.Lexpr, context), Expr(expr.Rexpr, context), "LIKE/SIMILAR TO", equality: false);

            case A_Expr_Kind.AexprBetween:
            case A_Expr_Kind.AexprNotBetween:
            case A_Expr_Kind.AexprBetweenSym:
            case A_Expr_Kind.AexprNotBetweenSym:
                Flow subject = Expr(expr.Lexpr, context);
                Flow bounds = Flow.Clean;
                foreach (Node bound in expr.Rexpr.List?.Items ?? [expr.Rexpr])
                {
                    bounds = Flow.Combine(bounds, Comparison(subject, Expr(bound, context), "BETWEEN", equality: false));
                }

                return bounds;

            default:
                Unprovable($"operator form {expr.Kind} is not supported");
                return Flow.Clean;
        }
    }

    private Flow OperatorFlow(A_Expr expr, ExprContext context)
    {
        (string? schema, string op) = Names.Function(expr.Name);
        bool userDefined = CheckOperatorName(expr.Name);
        Flow left = Expr(expr.Lexpr, context);
        Flow right = Expr(expr.Rexpr, context);
        bool builtin = !userDefined && schema is null or "pg_catalog";
        string construct = $"operator {op}";
        switch (op)
        {
            case "=" or "<>" or "!=" when builtin:
                return Comparison(left, right, construct, equality: expr.Kind == A_Expr_Kind.AexprOp);
            case "<" or ">" or "<=" or ">=" or "~~" or "~~*" or "!~~" or "!~~*" when builtin:
                return Comparison(left, right, construct, equality: false);
            case "~" or "~*" or "!~" or "!~*" when builtin:
                // Regular expressions: the subject may be raw, the pattern may not (its errors quote it).
                return Flow.Combine(Consume(left, construct, errorSafe: true), Consume(right, construct + " (as a pattern)", errorSafe: false)).WithKind(left.IsCovered || right.IsCovered ? FlowKind.Masked : FlowKind.Clean);
            case "||" or "+" or "-" or "*" or "/" or "%" when builtin:
                return Flow.Combine(Consume(left, construct, errorSafe: true), Consume(right, construct, errorSafe: true));
            default:
                return Flow.Combine(Consume(left, construct, errorSafe: false), Consume(right, construct, errorSafe: false));
        }
    }

    private Flow CaseFlow(CaseExpr caseExpr, ExprContext context)
    {
        var parts = new List<Flow>();
        Flow? subject = caseExpr.Arg is { } arg ? Expr(arg, context) : null;
        foreach (Node when in caseExpr.Args)
        {
            CaseWhen caseWhen = when.CaseWhen;
            Flow condition = Expr(caseWhen.Expr, context);
            parts.Add(subject is null ? Consume(condition, "CASE WHEN", errorSafe: true) : Comparison(subject, condition, "CASE", equality: true));
            parts.Add(Consume(Expr(caseWhen.Result, context), "a CASE result", errorSafe: true));
        }

        if (caseExpr.Defresult is { } otherwise)
        {
            parts.Add(Consume(Expr(otherwise, context), "a CASE result", errorSafe: true));
        }

        return Flow.Combine(parts);
    }

    private Flow IndirectionFlow(A_Indirection indirection, ExprContext context)
    {
        // (p).column: a field of a whole-row reference, same as p.column.
        if (indirection.Arg.ColumnRef is { Fields.Count: 1 } reference && reference.Fields[0].String is { } name
            && indirection.Indirection.Count == 1 && indirection.Indirection[0].String is { } field
            && FindColumn(context.Level, name.Sval) is null && FindItem(context.Level, name.Sval, null) is { } item)
        {
            CheckReserved(field.Sval);
            return item.Item.FindColumn(field.Sval) is { } column
                ? ColumnFlow(new ColumnMatch(item.Item, column, item.Level, true), null, context with { Hidden = HiddenUse.None }, 0)
                : Flow.Clean;
        }

        Flow flow = Expr(indirection.Arg, context.Nested);
        foreach (Node step in indirection.Indirection)
        {
            if (step.AIndices is { } indices)
            {
                Expr(indices.Lidx, context.Nested);
                Expr(indices.Uidx, context.Nested);
            }
            else if (step.String is { } selected)
            {
                CheckReserved(selected.Sval);
            }
        }

        return Consume(flow, "a field selection or subscript", errorSafe: false);
    }

    private Flow SubLinkFlow(SubLink link, ExprContext context)
    {
        List<OutputColumn> outputs = AnalyzeSubquery(link.Subselect, context.Level, hideParentItems: false);
        Flow first = outputs.Count > 0 ? outputs[0].Flow : Flow.Clean;
        switch (link.SubLinkType)
        {
            case SubLinkType.ExistsSublink:
                return Flow.Clean;
            case SubLinkType.ExprSublink:
                return outputs.Count == 1 && !outputs[0].IsUnknownMarker ? first : Flow.Combine([.. outputs.Select(o => Consume(o.Flow, "a scalar subquery", errorSafe: true))]);
            case SubLinkType.ArraySublink:
                return Consume(first, "ARRAY(subquery)", errorSafe: true);
            case SubLinkType.AnySublink:
            case SubLinkType.AllSublink:
            case SubLinkType.RowcompareSublink:
                if (link.OperName.Count > 0)
                {
                    CheckOperatorName(link.OperName);
                }

                Flow tested = Expr(link.Testexpr, context.Nested);
                return outputs.Count == 1
                    ? Comparison(tested, first, "IN/ANY/ALL (subquery)", equality: true)
                    : Comparison(tested, Flow.Combine([.. outputs.Select(o => Consume(o.Flow, "IN (subquery)", errorSafe: true))]), "IN/ANY/ALL (subquery)", equality: false);
            case SubLinkType.MultiexprSublink:
                return Flow.Combine([.. outputs.Select(o => o.Flow)]);
            default:
                Unprovable($"subquery kind {link.SubLinkType}");
                return Flow.Clean;
        }
    }
}
