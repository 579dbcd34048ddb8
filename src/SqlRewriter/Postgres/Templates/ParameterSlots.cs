using MaskingProxy.SqlRewriter.Postgres.Ast;
using MaskingProxy.SqlRewriter.Postgres.Interop;
using MaskingProxy.SqlRewriter.Postgres.Rewriting;

namespace MaskingProxy.SqlRewriter.Postgres.Templates;

/// <summary>
/// Which placeholders of a rewritten template may stay parameters when the text is prepared rather than
/// sent with its literals written in.
/// </summary>
/// <remarks>
/// A parameter and the literal it stands for must be typed alike, or the prepared statement would mean
/// something else (or fail where the text works: <c>SELECT $1</c> cannot infer a type that
/// <c>SELECT 'x'</c> has). Operator and function resolution look at types only (docs §10.2), so a
/// parameter typed like its literal — a number's own type, <c>unknown</c> for a string — resolves the
/// same way wherever an operator consumes it. Hence only a direct operand of a binary operator,
/// <c>[NOT] IN</c>, <c>[NOT] BETWEEN</c>, <c>[I]LIKE</c> or <c>IS [NOT] DISTINCT FROM</c> qualifies;
/// a unary operand does not (the grammar folds <c>-5</c> into one constant, <c>-$1</c> stays an
/// operator call), nor a placeholder used twice (two contexts could infer two types), nor anything in a
/// statement other than a plain <c>SELECT</c>.
/// </remarks>
internal static class ParameterSlots
{
    /// <summary>Per placeholder number (index 1..<paramref name="count"/>), whether it may stay a parameter.</summary>
    public static bool[] Find(string rewrittenTemplate, int count)
    {
        ArgumentNullException.ThrowIfNull(rewrittenTemplate);
        var usable = new bool[count + 1];
        if (!PgQuery.TryParse(rewrittenTemplate, out var tree, out _) || tree.Stmts.Count != 1 ||
            tree.Stmts[0].Stmt is not { NodeCase: Node.NodeOneofCase.SelectStmt } statement || statement.SelectStmt.IntoClause is not null)
        {
            return usable;
        }
        var operands = new HashSet<ParamRef>(ReferenceEqualityComparer.Instance);
        var uses = new int[count + 1];
        var operandUses = new int[count + 1];
        ProtobufWalker.Walk(tree, message =>
        {
            switch (message)
            {
                case A_Expr expression when IsValueComparison(expression):
                    AddOperand(expression.Lexpr, operands);
                    AddOperand(expression.Rexpr, operands);
                    break;
                case ParamRef parameter when parameter.Number >= 1 && parameter.Number <= count:
                    uses[parameter.Number]++;
                    if (operands.Contains(parameter))
                    {
                        operandUses[parameter.Number]++;
                    }
                    break;
            }
            return true;
        });
        for (var number = 1; number <= count; number++)
        {
            usable[number] = uses[number] == 1 && operandUses[number] == 1;
        }
        return usable;
    }

    private static bool IsValueComparison(A_Expr expression) =>
        expression.Lexpr is not null && expression.Rexpr is not null && expression.Kind is
            A_Expr_Kind.AexprOp or A_Expr_Kind.AexprIn or A_Expr_Kind.AexprLike or A_Expr_Kind.AexprIlike or
            A_Expr_Kind.AexprDistinct or A_Expr_Kind.AexprNotDistinct or A_Expr_Kind.AexprBetween or A_Expr_Kind.AexprNotBetween;

    /// <summary>An operand, or each item of an operand list (<c>IN (…)</c>, <c>BETWEEN … AND …</c>).</summary>
    private static void AddOperand(Node operand, HashSet<ParamRef> operands)
    {
        switch (operand.NodeCase)
        {
            case Node.NodeOneofCase.ParamRef:
                operands.Add(operand.ParamRef);
                break;
            case Node.NodeOneofCase.List:
                foreach (var item in operand.List.Items)
                {
                    if (item.NodeCase == Node.NodeOneofCase.ParamRef)
                    {
                        operands.Add(item.ParamRef);
                    }
                }
                break;
        }
    }
}
