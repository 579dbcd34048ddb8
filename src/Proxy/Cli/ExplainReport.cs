using System.Text.Json;
using MaskingProxy.SqlRewriter.Catalog;
using MaskingProxy.SqlRewriter.Policies;
using MaskingProxy.SqlRewriter.Rewriting;

namespace MaskingProxy.Proxy.Cli;

/// <summary>
/// Everything <c>policy explain</c> prints, derived once from a <see cref="RewriteResult"/> so that the text
/// and JSON forms cannot disagree.
/// </summary>
internal sealed record ExplainReport
{
    public required RewriteVerdict Verdict { get; init; }

    public required string Login { get; init; }

    /// <summary>The login is in the policy's <c>exempt</c> list.</summary>
    public required bool Exempt { get; init; }

    /// <summary>At least one rule applies to the login (false when exempt or unmasked by every rule).</summary>
    public required bool RulesInForce { get; init; }

    public required Policy Policy { get; init; }

    public required string CatalogDescription { get; init; }

    public required string CatalogVersion { get; init; }

    public required string SearchPath { get; init; }

    /// <summary>The text as given.</summary>
    public required string Sql { get; init; }

    /// <summary>What the proxy would send to the database: the rewrite, the original text, or null when denied.</summary>
    public required string? ForwardedSql { get; init; }

    /// <summary>True when <see cref="ForwardedSql"/> differs from <see cref="Sql"/>.</summary>
    public bool Rewritten => ForwardedSql is not null && !string.Equals(ForwardedSql, Sql, StringComparison.Ordinal);

    public required RewriteDenial? Denial { get; init; }

    /// <summary>The denial came from a relation the catalog does not know (a fresher catalog may allow it).</summary>
    public required bool CatalogMiss { get; init; }

    public required IReadOnlyList<StatementSummary> Statements { get; init; }

    public required IReadOnlyList<ObjectReference> Objects { get; init; }

    public required IReadOnlyList<ExplainColumn> MaskedColumns { get; init; }

    /// <summary>Columns the proxy hashes row by row (<see cref="RewriteResult.ValueTransforms"/>).</summary>
    public required IReadOnlyList<ExplainColumn> HashedColumns { get; init; }

    public required IReadOnlyList<ExplainUnmaskedColumn> UnmaskedColumns { get; init; }

    public required IReadOnlyList<SessionEffect> SessionEffects { get; init; }

    public required IReadOnlyList<string> RuleIds { get; init; }

    public required IReadOnlyList<string> Warnings { get; init; }

    public static ExplainReport Create(RewriteRequest request, RewriteResult result, string catalogDescription)
    {
        var policy = request.Policy;
        var login = request.Login;
        return new ExplainReport
        {
            Verdict = result.Verdict,
            Login = login,
            Exempt = policy.IsExempt(login),
            RulesInForce = policy.HasRulesFor(login),
            Policy = policy,
            CatalogDescription = catalogDescription,
            CatalogVersion = request.Catalog.Version,
            SearchPath = request.Session.SearchPath.ToString(),
            Sql = request.Sql,
            ForwardedSql = result.Verdict == RewriteVerdict.Deny ? null : result.TextToForward(request.Sql),
            Denial = result.Denial,
            CatalogMiss = result.CatalogMiss,
            Statements = result.Statements,
            Objects = result.Objects,
            MaskedColumns = [.. result.MaskedColumns.Select(c => new ExplainColumn(
                c.StatementIndex, c.OutputIndex, c.OutputName, c.Source.ToString(), c.RuleId, DescribeRule(policy, c.RuleId), c.Derived))],
            HashedColumns = [.. result.ValueTransforms.Select(c => new ExplainColumn(
                c.StatementIndex, c.OutputIndex, c.OutputName, c.Source.ToString(), c.RuleId, ExplainMaskFormatter.Describe(c.Mask), Derived: false))],
            UnmaskedColumns = Unmasked(policy, login, result.Objects),
            SessionEffects = result.SessionEffects,
            RuleIds = result.RuleIds,
            Warnings = result.Warnings,
        };
    }

    /// <summary>An enum value as both output forms spell it: camelCase (<c>copyOut</c>, <c>setSearchPath</c>).</summary>
    public static string Name<T>(T value) where T : struct, Enum => JsonNamingPolicy.CamelCase.ConvertName(value.ToString());

    /// <summary>The statement's own text (without its semicolon), for multi-statement input.</summary>
    public string StatementText(StatementSummary statement)
    {
        var start = Math.Clamp(statement.Start, 0, Sql.Length);
        return Sql.Substring(start, Math.Clamp(statement.Length, 0, Sql.Length - start)).Trim();
    }

    private static string DescribeRule(Policy policy, string ruleId)
        => policy.Rules.FirstOrDefault(r => string.Equals(r.Id, ruleId, StringComparison.Ordinal)) is { } rule
            ? ExplainMaskFormatter.Describe(rule.Mask)
            : "?";

    // Explains why a covered column came out raw: the question a reviewer asks about an exempt or unmasked login.
    private static List<ExplainUnmaskedColumn> Unmasked(Policy policy, string login, IReadOnlyList<ObjectReference> objects)
    {
        var exempt = policy.IsExempt(login);
        var unmasked = new List<ExplainUnmaskedColumn>();
        foreach (var obj in objects)
        {
            if (obj.Column is null || policy.FirstRuleCovering(obj.Schema, obj.Table, obj.Column) is not { } rule)
            {
                continue;
            }

            if (exempt || rule.IsUnmaskedFor(login))
            {
                unmasked.Add(new ExplainUnmaskedColumn(obj.ToString(), rule.Id, exempt ? "exempt" : "unmask"));
            }
        }
        return unmasked;
    }
}
