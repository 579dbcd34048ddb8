using MaskingProxy.SqlRewriter.Postgres.Ast;

namespace MaskingProxy.SqlRewriter.Postgres.Rewriting;

/// <summary>The name the server gives an unnamed result column (parse_target.c, FigureColname).</summary>
internal static class ColumnNames
{
    public static string Figure(Node? node) => FigureInternal(node).Name;

    private static (string Name, int Strength) FigureInternal(Node? node)
    {
        switch (node?.NodeCase)
        {
            case Node.NodeOneofCase.ColumnRef:
                Node last = node.ColumnRef.Fields[^1];
                return last.String is { } s ? (s.Sval, 2) : ("?column?", 0);
            case Node.NodeOneofCase.AIndirection:
                for (int i = node.AIndirection.Indirection.Count - 1; i >= 0; i--)
                {
                    if (node.AIndirection.Indirection[i].String is { } field)
                    {
                        return (field.Sval, 2);
                    }
                }

                return FigureInternal(node.AIndirection.Arg);
            case Node.NodeOneofCase.FuncCall:
                return (node.FuncCall.Funcname[^1].String?.Sval ?? "?column?", 2);
            case Node.NodeOneofCase.AExpr when node.AExpr.Kind == A_Expr_Kind.AexprNullif:
                return ("nullif", 2);
            case Node.NodeOneofCase.TypeCast:
                (string name, int strength) = FigureInternal(node.TypeCast.Arg);
                return strength <= 1 ? (node.TypeCast.TypeName.Names[^1].String?.Sval ?? name, 1) : (name, strength);
            case Node.NodeOneofCase.CollateClause:
                return FigureInternal(node.CollateClause.Arg);
            case Node.NodeOneofCase.SubLink:
                return node.SubLink.SubLinkType switch
                {
                    SubLinkType.ExistsSublink => ("exists", 2),
                    SubLinkType.ArraySublink => ("array", 2),
                    SubLinkType.ExprSublink when node.SubLink.Subselect.SelectStmt is { TargetList.Count: > 0 } select => FigureTarget(select.TargetList[0].ResTarget),
                    _ => ("?column?", 0),
                };
            case Node.NodeOneofCase.CaseExpr:
                (string result, int resultStrength) = FigureInternal(node.CaseExpr.Defresult);
                return resultStrength <= 1 ? ("case", 1) : (result, resultStrength);
            case Node.NodeOneofCase.AArrayExpr:
                return ("array", 2);
            case Node.NodeOneofCase.RowExpr:
                return ("row", 2);
            case Node.NodeOneofCase.CoalesceExpr:
                return ("coalesce", 2);
            case Node.NodeOneofCase.MinMaxExpr:
                return (node.MinMaxExpr.Op == MinMaxOp.IsGreatest ? "greatest" : "least", 2);
            case Node.NodeOneofCase.GroupingFunc:
                return ("grouping", 2);
            case Node.NodeOneofCase.XmlExpr:
                return (node.XmlExpr.Op switch
                {
                    XmlExprOp.IsXmlconcat => "xmlconcat",
                    XmlExprOp.IsXmlelement => "xmlelement",
                    XmlExprOp.IsXmlforest => "xmlforest",
                    XmlExprOp.IsXmlparse => "xmlparse",
                    XmlExprOp.IsXmlpi => "xmlpi",
                    XmlExprOp.IsXmlroot => "xmlroot",
                    XmlExprOp.IsXmlserialize => "xmlserialize",
                    XmlExprOp.IsDocument => "?column?",
                    _ => "?column?",
                }, 2);
            case Node.NodeOneofCase.XmlSerialize:
                return ("xmlserialize", 2);
            case Node.NodeOneofCase.SqlvalueFunction:
                return (SqlValueName(node.SqlvalueFunction.Op), 2);
            default:
                return ("?column?", 0);
        }
    }

    private static (string, int) FigureTarget(ResTarget target) =>
        target.Name.Length > 0 ? (target.Name, 2) : FigureInternal(target.Val);

    private static string SqlValueName(SQLValueFunctionOp op) => op switch
    {
        SQLValueFunctionOp.SvfopCurrentDate => "current_date",
        SQLValueFunctionOp.SvfopCurrentTime or SQLValueFunctionOp.SvfopCurrentTimeN => "current_time",
        SQLValueFunctionOp.SvfopCurrentTimestamp or SQLValueFunctionOp.SvfopCurrentTimestampN => "current_timestamp",
        SQLValueFunctionOp.SvfopLocaltime or SQLValueFunctionOp.SvfopLocaltimeN => "localtime",
        SQLValueFunctionOp.SvfopLocaltimestamp or SQLValueFunctionOp.SvfopLocaltimestampN => "localtimestamp",
        SQLValueFunctionOp.SvfopCurrentRole => "current_role",
        SQLValueFunctionOp.SvfopCurrentUser => "current_user",
        SQLValueFunctionOp.SvfopUser => "user",
        SQLValueFunctionOp.SvfopSessionUser => "session_user",
        SQLValueFunctionOp.SvfopCurrentCatalog => "current_catalog",
        SQLValueFunctionOp.SvfopCurrentSchema => "current_schema",
        _ => "?column?",
    };
}
