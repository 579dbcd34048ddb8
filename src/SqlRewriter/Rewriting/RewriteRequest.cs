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
    // Remembered with the login and policy it was given for: a copy whose login or policy differs (a
    // `with`) looks its class up again, so a given class can never outlive the request it belongs to.
    private readonly (string Login, SubjectClass Class)? _subject;

    /// <summary>Creates a request with default session settings.</summary>
    public RewriteRequest(string sql, string login, Policy policy, CatalogSnapshot catalog)
        : this(sql, login, policy, catalog, SessionSettings.Default)
    {
    }

    /// <summary>
    /// <see cref="SubjectClass.For"/> of <see cref="Policy"/> and <see cref="Login"/>. A caller that has
    /// looked it up already passes it (it must be that class), so the cache key and the rewriter do not
    /// look it up again on every statement; otherwise it is looked up on each read.
    /// </summary>
    public SubjectClass Subject
    {
        get => _subject is { } given && string.Equals(given.Login, Login, StringComparison.Ordinal) && ReferenceEquals(given.Class.Policy, Policy)
            ? given.Class
            : SubjectClass.For(Policy, Login);
        init => _subject = (Login, value ?? throw new ArgumentNullException(nameof(value)));
    }
}
