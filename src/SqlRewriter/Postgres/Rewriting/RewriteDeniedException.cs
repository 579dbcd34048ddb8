using MaskingProxy.SqlRewriter.Rewriting;

namespace MaskingProxy.SqlRewriter.Postgres.Rewriting;

/// <summary>Unwinds the analysis when a statement must be denied; never escapes the rewriter.</summary>
internal sealed class RewriteDeniedException : Exception
{
    public RewriteDeniedException(DenialKind kind, string reason, string? ruleId = null, bool catalogMiss = false)
        : base(reason)
    {
        Kind = kind;
        RuleId = ruleId;
        CatalogMiss = catalogMiss;
    }

    public RewriteDeniedException()
    {
    }

    public RewriteDeniedException(string message)
        : base(message)
    {
    }

    public RewriteDeniedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public DenialKind Kind { get; }

    public string? RuleId { get; }

    public bool CatalogMiss { get; }
}
