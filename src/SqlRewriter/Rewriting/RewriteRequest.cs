using MaskingProxy.SqlRewriter.Catalog;
using MaskingProxy.SqlRewriter.Policies;

namespace MaskingProxy.SqlRewriter.Rewriting;

/// <summary>Everything a dialect rewriter needs to decide one statement text; no I/O happens during a rewrite.</summary>
/// <param name="Sql">The statement text exactly as the client sent it (may hold several statements).</param>
/// <param name="Login">The authenticated login (SPEC §3: the subject; SET ROLE never changes it).</param>
/// <param name="Policy">The policy in force.</param>
/// <param name="Catalog">The catalog snapshot to resolve names against.</param>
/// <param name="Session">Session state that affects reading.</param>
public sealed record RewriteRequest(string Sql, string Login, Policy Policy, CatalogSnapshot Catalog, SessionSettings Session)
{
    /// <summary>Creates a request with default session settings.</summary>
    public RewriteRequest(string sql, string login, Policy policy, CatalogSnapshot catalog)
        : this(sql, login, policy, catalog, SessionSettings.Default)
    {
    }
}
