namespace MaskingProxy.SqlRewriter.Rewriting;

/// <summary>
/// A SQL dialect's masking rewriter (PostgreSQL via libpg_query, T-SQL via ScriptDom). Implementations are
/// thread-safe, do no I/O, and never throw for bad input: every problem becomes a
/// <see cref="RewriteVerdict.Deny"/> result (or an allow, where the policy says so).
/// </summary>
public interface IDialectRewriter
{
    /// <summary>Dialect name, e.g. <c>postgres</c>.</summary>
    string Dialect { get; }

    /// <summary>Decides and, where needed, rewrites <see cref="RewriteRequest.Sql"/>.</summary>
    RewriteResult Rewrite(RewriteRequest request);
}
