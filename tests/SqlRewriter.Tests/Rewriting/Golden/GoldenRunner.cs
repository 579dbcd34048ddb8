using System.Collections.Concurrent;
using MaskingProxy.SqlRewriter.Catalog;
using MaskingProxy.SqlRewriter.Policies;
using MaskingProxy.SqlRewriter.Postgres.Rewriting;
using MaskingProxy.SqlRewriter.Rewriting;

namespace MaskingProxy.SqlRewriter.Tests.Rewriting.Golden;

/// <summary>Runs a golden case and renders the outcome the way golden files record it.</summary>
public static class GoldenRunner
{
    private static readonly ConcurrentDictionary<(string Policy, string Login), IReadOnlyList<(string Placeholder, string Text)>> s_substitutes = new();

    public static GoldenOutcome Run(GoldenFile file, GoldenCase golden)
    {
        PostgresRewriter.VerifyRewrites = true;
        Policy policy = GoldenCorpus.Policy(file.Policy);
        string login = golden.Login ?? file.Login;
        RewriteResult result = PostgresRewriter.Instance.Rewrite(new RewriteRequest(golden.Sql, login, policy, GoldenCorpus.Catalog, Settings(file, golden)));
        return new GoldenOutcome
        {
            Verdict = result.Verdict.ToString().ToLowerInvariant(),
            Rewritten = result.RewrittenSql is null ? null : Abbreviate(result.RewrittenSql, file.Policy, login),
            Deny = result.Denial is null ? null : $"{result.Denial.Kind}: {result.Denial.Message}{(result.CatalogMiss ? " [catalog miss]" : string.Empty)}",
            Transforms = [.. result.ValueTransforms.Select(t => $"#{t.StatementIndex}.{t.OutputIndex} {t.OutputName} <- {t.Source} ({t.RuleId})")],
            Masked = [.. result.MaskedColumns.Select(m => $"#{m.StatementIndex}.{(m.OutputIndex is { } i ? i.ToString(System.Globalization.CultureInfo.InvariantCulture) : "?")} {m.OutputName} <- {m.Source} ({m.RuleId}{(m.Derived ? ", derived" : string.Empty)})")],
            Effects = [.. result.SessionEffects.Select(e => $"#{e.StatementIndex} {e.Kind}{(e.Values.Count > 0 ? " " + string.Join(", ", e.Values) : string.Empty)}")],
            Warnings = result.Warnings,
        };
    }

    /// <summary>The full text a golden <c>rewritten</c> value stands for.</summary>
    public static string Expand(string rewritten, string policyFile, string login)
    {
        foreach ((string placeholder, string text) in Substitutes(policyFile, login))
        {
            rewritten = rewritten.Replace(placeholder, text, StringComparison.Ordinal);
        }

        return rewritten;
    }

    /// <summary>Plain masking subqueries of every covered relation, as <c>{{schema.relation}}</c> placeholders.</summary>
    public static IReadOnlyList<(string Placeholder, string Text)> Substitutes(string policyFile, string login) =>
        s_substitutes.GetOrAdd((policyFile, login), key =>
        {
            Policy policy = GoldenCorpus.Policy(key.Policy);
            var model = new CoverageModel(policy, GoldenCorpus.Catalog, SubjectClass.For(policy, key.Login));
            var list = new List<(string, string)>();
            foreach (CatalogRelation relation in GoldenCorpus.Catalog.Relations)
            {
                RelationCoverage coverage = model.Coverage(relation);
                if (!coverage.HasCovered || coverage.UnsafeReason is not null)
                {
                    continue;
                }

                string name = $"{relation.Schema}.{relation.Name}";
                if (!coverage.OnlyHash)
                {
                    list.Add(($"{{{{{name}}}}}", model.Substitute(coverage, [], only: false)));
                    list.Add(($"{{{{ONLY {name}}}}}", model.Substitute(coverage, [], only: true)));
                }

                // With one hidden raw column for a predicate (predicates: allow).
                for (int i = 0; i < relation.Columns.Count; i++)
                {
                    if (coverage.Columns[i] is not null)
                    {
                        list.Add(($"{{{{{name} +raw {relation.Columns[i].Name}}}}}", model.Substitute(coverage, [i], only: false)));
                    }
                }
            }

            return list;
        });

    private static string Abbreviate(string rewritten, string policyFile, string login)
    {
        foreach ((string placeholder, string text) in Substitutes(policyFile, login))
        {
            rewritten = rewritten.Replace(text, placeholder, StringComparison.Ordinal);
        }

        return rewritten;
    }

    private static SessionSettings Settings(GoldenFile file, GoldenCase golden)
    {
        string? path = golden.SearchPath ?? file.SearchPath;
        var parameters = golden.Parameters.Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p[1], StringComparer.OrdinalIgnoreCase);
        return new SessionSettings(path is null ? null : SearchPath.Parse(path), null, parameters, golden.Temporary);
    }
}
