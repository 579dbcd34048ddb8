namespace MaskingProxy.SqlRewriter.Catalog;

/// <summary>
/// A user-defined operator (pg_operator outside pg_catalog). Operators are function calls in disguise, so
/// the rewriter checks the implementing function like any other call.
/// </summary>
/// <param name="Schema">Schema of the operator.</param>
/// <param name="Name">Operator symbol, e.g. <c>===</c>.</param>
/// <param name="LeftType">Left operand type (<c>format_type</c>), or null for a prefix operator.</param>
/// <param name="RightType">Right operand type.</param>
/// <param name="Function">The implementing function (oprcode).</param>
public sealed record CatalogOperator(string Schema, string Name, string? LeftType, string RightType, QualifiedName Function)
{
    /// <inheritdoc />
    public override string ToString() => $"{Schema}.{Name}({LeftType ?? "NONE"}, {RightType})";
}
