namespace MaskingProxy.SqlRewriter.Policies;

/// <summary>The <c>defaults</c> section. Absent keys take the most restrictive value.</summary>
/// <param name="Unparseable">SQL the parser rejects or the rewriter cannot prove safe.</param>
/// <param name="Predicates">What predicates see of masked columns (rules may override).</param>
/// <param name="CopyOut">INSERT..SELECT, CREATE TABLE AS, SELECT INTO, COPY TO.</param>
/// <param name="DynamicSql">DO blocks, EXECUTE of strings, for subjects with any rule.</param>
public sealed record PolicyDefaults(
    UnparseableAction Unparseable = UnparseableAction.Deny,
    PredicateMode Predicates = PredicateMode.Mask,
    CopyOutMode CopyOut = CopyOutMode.Mask,
    DynamicSqlMode DynamicSql = DynamicSqlMode.Deny)
{
    /// <summary>All defaults (deny, mask, mask, deny).</summary>
    public static PolicyDefaults Restrictive { get; } = new();
}
