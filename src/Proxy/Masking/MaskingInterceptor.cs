using MaskingProxy.Proxy.Interception;
using MaskingProxy.Proxy.Sessions;
using MaskingProxy.SqlRewriter.Policies;
using MaskingProxy.SqlRewriter.Postgres.Rewriting;
using MaskingProxy.SqlRewriter.Postgres.Templates;
using MaskingProxy.SqlRewriter.Rewriting;

namespace MaskingProxy.Proxy.Masking;

/// <summary>
/// The policy at the interception point: every statement text is rewritten (or denied) by the dialect
/// rewriter under one policy snapshot and one catalog snapshot, through the rewrite cache, so a
/// repeated statement costs a hash lookup. Decisions complete synchronously unless the catalog must
/// be reloaded first.
/// </summary>
public sealed partial class MaskingInterceptor : IStatementInterceptor
{
    private readonly PolicyStore _policies;
    private readonly CatalogHolder _catalog;
    private readonly RewriteCache _cache;
    private readonly HashKeyRing _keys;
    private readonly IDialectRewriter _rewriter;
    private readonly LiteralTemplateCache _templates = new();
    private volatile EpochKey? _epoch;

    public MaskingInterceptor(PolicyStore policies, CatalogHolder catalog, RewriteCache cache, HashKeyRing keys, IDialectRewriter? rewriter = null)
    {
        _policies = policies;
        _catalog = catalog;
        _cache = cache;
        _keys = keys;
        _rewriter = rewriter ?? PostgresRewriter.Instance;
    }

    public PolicyStore Policies => _policies;

    public bool TracksSessionState => true;

    public bool HasRules(SessionFacts session) => SubjectClass.For(_policies.Current, session.Login).HasRules;

    public string? RefuseConnection(SessionFacts session) =>
        session.Replication && HasRules(session)
            ? "replication connections are not allowed for logins with masking rules in force"
            : null;

    public void SchemaChanged() => _catalog.MarkDirty();

    public string? DecisionEpoch => Epoch(_policies.Current);

    private string Epoch(Policy policy)
    {
        // Cached: decided on every statement, and the versions change only on reloads.
        var catalog = _catalog.Current;
        var last = _epoch;
        if (last is not null && ReferenceEquals(last.Policy, policy) && ReferenceEquals(last.Catalog, catalog))
        {
            return last.Text;
        }
        var created = new EpochKey(policy, catalog, policy.Version + "/" + catalog.Version);
        _epoch = created;
        return created.Text;
    }

    private sealed record EpochKey(Policy Policy, SqlRewriter.Catalog.CatalogSnapshot Catalog, string Text);

    public ValueTask<StatementDecision> DecideAsync(StatementContext context, CancellationToken cancellationToken)
    {
        // One snapshot per decision: a reload during the decision never mixes two policies.
        var policy = _policies.Current;
        var subject = SubjectClass.For(policy, context.Session.Login);
        if (subject.HasRules && _catalog.IsDirty)
        {
            return DecideAfterReloadAsync(context, policy, subject, _catalog.ReloadAsync());
        }
        var rewrite = Rewrite(context, subject);
        if (rewrite.Result.Verdict == RewriteVerdict.Deny && rewrite.Result.CatalogMiss)
        {
            return DecideAfterReloadAsync(context, policy, subject, _catalog.ReloadForMissAsync());
        }
        return ValueTask.FromResult(ToDecision(rewrite, policy, subject));
    }

    private async ValueTask<StatementDecision> DecideAfterReloadAsync(StatementContext context, Policy policy, SubjectClass subject, Task reload)
    {
        await reload.ConfigureAwait(false);
        return ToDecision(Rewrite(context, subject), policy, subject);
    }

    private TemplatedRewrite Rewrite(StatementContext context, SubjectClass subject)
    {
        // The class looked up once for the decision serves the cache keys and the rewriter too.
        var request = new RewriteRequest(context.Text, context.Session.Login, subject.Policy, _catalog.Current, context.Settings) { Subject = subject };
        if (TemplatesApply(context) && _templates.TryCreate(context.Text) is { } template)
        {
            // Texts that differ only in constants share the template's rewrite; a template that is not
            // an allow says nothing about the real text, which is then decided on its own.
            var templated = _cache.GetOrRewrite(_rewriter, request with { Sql = template.Text });
            if (TemplateResults.TryInstantiate(template, templated, out var concrete))
            {
                var single = concrete.Statements.Count == 1;
                return new TemplatedRewrite(concrete, single ? template.Text : null, single ? Parameterize(context, template, templated) : null);
            }
        }
        return new TemplatedRewrite(_cache.GetOrRewrite(_rewriter, request), null, null);
    }

    /// <summary>
    /// A rewritten simple-protocol SELECT as a statement the session can prepare once and bind per
    /// execution: the server then plans the masking query once instead of for every constant.
    /// </summary>
    private static ParameterizedStatement? Parameterize(StatementContext context, LiteralTemplate template, RewriteResult templated) =>
        context.Source == StatementSource.SimpleQuery && templated.RewrittenSql is { } rewritten &&
        string.Equals(templated.Statements[0].Kind, "SELECT", StringComparison.Ordinal)
            ? template.TryParameterize(rewritten)
            : null;

    /// <summary>A rewrite with what its literal template gave (see <see cref="StatementDecision.TemplateText"/> and <see cref="StatementDecision.Parameterized"/>).</summary>
    private readonly record struct TemplatedRewrite(RewriteResult Result, string? Template, ParameterizedStatement? Parameterized);

    /// <summary>
    /// Plain strings are only plain with standard_conforming_strings on (the default since 9.1). A text the
    /// cache would not keep gains nothing from a template: its rewrite would not be shared, only done twice.
    /// </summary>
    private bool TemplatesApply(StatementContext context) =>
        context.Text.Length <= _cache.MaxSqlLength &&
        context.Settings.GetParameter("standard_conforming_strings") is null or "on";
}
