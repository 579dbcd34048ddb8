namespace MaskingProxy.SqlRewriter.Rewriting;

/// <summary>
/// The outcome of rewriting one statement text. Immutable and safe to cache and share; a record so
/// that a variant (e.g. a literal template's result with its constants put back) is one <c>with</c>.
/// </summary>
public sealed record RewriteResult
{
    /// <summary>The decision.</summary>
    public required RewriteVerdict Verdict { get; init; }

    /// <summary>The text to forward instead of the original, or null to forward the original unchanged (always null for a denial).</summary>
    public string? RewrittenSql { get; init; }

    /// <summary>Why the text was denied; null unless <see cref="Verdict"/> is <see cref="RewriteVerdict.Deny"/>.</summary>
    public RewriteDenial? Denial { get; init; }

    /// <summary>True when a denial came from a relation the catalog snapshot does not know: refreshing the catalog and retrying may allow it.</summary>
    public bool CatalogMiss { get; init; }

    /// <summary>Statements in text order (empty when the text could not be parsed).</summary>
    public IReadOnlyList<StatementSummary> Statements { get; init; } = [];

    /// <summary>Catalog objects touched (<c>schema.table.column</c>), distinct, in first-use order.</summary>
    public IReadOnlyList<ObjectReference> Objects { get; init; } = [];

    /// <summary>
    /// <see cref="Objects"/> split by statement (index = statement index), for one audit record per
    /// statement; empty when the dialect does not report it.
    /// </summary>
    public IReadOnlyList<IReadOnlyList<ObjectReference>> StatementObjects { get; init; } = [];

    /// <summary><see cref="RuleIds"/> split by statement, like <see cref="StatementObjects"/>.</summary>
    public IReadOnlyList<IReadOnlyList<string>> StatementRuleIds { get; init; } = [];

    /// <summary>Result columns that carry masked values, for audit and <c>policy explain</c>.</summary>
    public IReadOnlyList<MaskedOutputColumn> MaskedColumns { get; init; } = [];

    /// <summary>Result columns the proxy must transform row by row (hash masks).</summary>
    public IReadOnlyList<ValueTransformColumn> ValueTransforms { get; init; } = [];

    /// <summary>Session-state changes the proxy must track.</summary>
    public IReadOnlyList<SessionEffect> SessionEffects { get; init; } = [];

    /// <summary>Ids of the rules that masked something, distinct, in policy order of first use.</summary>
    public IReadOnlyList<string> RuleIds { get; init; } = [];

    /// <summary>
    /// True when the text reads a column a rule in force for the subject covers (masked or raw, as in a
    /// predicate under <c>predicates: allow</c>) or a rule decided something: errors raised while it runs
    /// can quote covered values. Decided with the rewrite, as it depends on nothing else; false for a denial.
    /// </summary>
    public bool TouchesCoveredColumns { get; init; }

    /// <summary>Checks the policy waived (<c>unparseable: allow</c>, <c>dynamic_sql: allow</c>), for the audit record.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>The statement text to forward given the original text.</summary>
    public string TextToForward(string original) => RewrittenSql ?? original;
}
