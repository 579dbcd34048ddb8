using MaskingProxy.SqlRewriter.Postgres.Templates;
using MaskingProxy.SqlRewriter.Rewriting;

namespace MaskingProxy.Proxy.Interception;

/// <summary>The outcome of the interception point for one statement text.</summary>
public sealed record StatementDecision(StatementVerdict Verdict, string? Text, string? Reason)
{
    public static readonly StatementDecision Forward = new(StatementVerdict.Forward, null, null);

    /// <summary>What the rewriter found (statements, objects, rules, transforms, session effects); null without a policy.</summary>
    public RewriteResult? Analysis { get; init; }

    /// <summary>Version (SM3 of the file) of the policy the decision was made under; null without a policy.</summary>
    public string? PolicyVersion { get; init; }

    /// <summary>The interceptor's <see cref="IStatementInterceptor.DecisionEpoch"/> when the decision was made.</summary>
    public string? Epoch { get; init; }

    /// <summary>
    /// Whether masking rules are in force for the login under the policy this decision was made with
    /// (a reload can change it mid-session): the session's state checks and error scrubbing follow it.
    /// </summary>
    public bool RulesInForce { get; init; }

    /// <summary>True when the subject receives masked values from this text (audit verdict "masked").</summary>
    public bool Masked { get; init; }

    /// <summary>
    /// True when errors and notices raised while the text runs could echo covered values to a masked
    /// subject: the session replaces their text before relaying them.
    /// </summary>
    public bool ScrubErrors { get; init; }

    /// <summary>
    /// The text with its literals replaced by placeholders when the decision came from a literal
    /// template of a single-statement text: texts that differ only in constants share it, so the
    /// audit normalizer can cache by it.
    /// </summary>
    public string? TemplateText { get; init; }

    /// <summary>
    /// For a rewritten simple-protocol SELECT from a literal template: the rewritten text with its
    /// constants as parameters, which the session may prepare once and bind per execution instead of
    /// sending <see cref="Text"/> (same result; the server plans it once).
    /// </summary>
    public ParameterizedStatement? Parameterized { get; init; }

    /// <summary>Columns whose values the session transforms row by row (hash masks).</summary>
    public IReadOnlyList<ColumnTransform> Transforms
    {
        get => _transforms;
        init
        {
            _transforms = value;
            _transformIndex = value.Count == 0 ? ColumnTransformIndex.Empty : new ColumnTransformIndex(value);
        }
    }

    private readonly IReadOnlyList<ColumnTransform> _transforms = [];
    private readonly ColumnTransformIndex _transformIndex = ColumnTransformIndex.Empty;

    /// <summary>The hash transforms of the rows of statement <paramref name="statementIndex"/> of the text, by column; null when it has none.</summary>
    public ColumnTransform?[]? TransformsFor(int statementIndex) => _transformIndex.For(statementIndex);

    /// <summary>SQLSTATE the client gets for a denial (42501 for policy denials, 58030 when the audit log is down).</summary>
    public string DenySqlState { get; init; } = Postgres.Protocol.SqlState.InsufficientPrivilege;

    public static StatementDecision Rewrite(string text) => new(StatementVerdict.Rewrite, text, null);

    public static StatementDecision Deny(string reason) => new(StatementVerdict.Deny, null, reason);
}
