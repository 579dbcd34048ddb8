using MaskingProxy.SqlRewriter.Catalog;
using MaskingProxy.SqlRewriter.Policies;
using MaskingProxy.SqlRewriter.Postgres.Rewriting;
using MaskingProxy.SqlRewriter.Postgres.Templates;
using MaskingProxy.SqlRewriter.Rewriting;
using MaskingProxy.SqlRewriter.Tests.Rewriting;
using MaskingProxy.SqlRewriter.Tests.Rewriting.Golden;
using Xunit;

namespace MaskingProxy.SqlRewriter.Tests.Postgres.Templates;

/// <summary>
/// The template shortcut must never decide differently from the rewriter: over the whole golden corpus,
/// whenever a template's rewrite is an allow, the instantiated result equals the rewrite of the text itself.
/// </summary>
public sealed class TemplateEquivalenceTests
{
    public static TheoryData<string, string> Cases() => GoldenCaseTests.Cases();

    [Theory]
    [MemberData(nameof(Cases))]
    public void Instantiate_AllowedTemplate_EqualsDirectRewrite(string file, string name) => Compare(file, name);

    [Fact]
    public void Instantiate_GoldenCorpus_ComparesManyCases()
    {
        // Guards the theory above against passing vacuously (e.g. if templates stopped applying).
        var compared = GoldenCaseTests.Cases().Count(row => Compare((string)row[0], (string)row[1]));
        Assert.True(compared >= 100, $"only {compared} golden cases went through an allowed template");
    }

    private static bool Compare(string file, string name)
    {
        GoldenFile golden = GoldenFileReader.Read(Path.Combine(GoldenCorpus.Directory, file));
        GoldenCase item = golden.Cases.Single(c => c.Name == name);
        Policy policy = GoldenCorpus.Policy(golden.Policy);
        string login = item.Login ?? golden.Login;
        string? path = item.SearchPath ?? golden.SearchPath;
        var session = new SessionSettings(path is null ? null : SearchPath.Parse(path), null, null, item.Temporary);
        if (LiteralTemplate.TryCreate(item.Sql) is not { } template)
        {
            return false;
        }

        RewriteResult templated = PostgresRewriter.Instance.Rewrite(new RewriteRequest(template.Text, login, policy, GoldenCorpus.Catalog, session));
        if (!TemplateResults.TryInstantiate(template, templated, out RewriteResult concrete))
        {
            return false;
        }

        RewriteResult direct = PostgresRewriter.Instance.Rewrite(new RewriteRequest(item.Sql, login, policy, GoldenCorpus.Catalog, session));
        Assert.True(direct.Verdict == templated.Verdict, $"{file}: {name}: the template decides {templated.Verdict}, the rewriter {direct.Verdict}: {direct.Denial?.Message}\n{item.Sql}");
        Assert.Equal(direct.RewrittenSql, concrete.RewrittenSql);
        Assert.Equal(direct.Statements, concrete.Statements);
        Assert.Equal(direct.RuleIds, concrete.RuleIds);
        Assert.Equal(direct.Objects, concrete.Objects);
        Assert.Equal(direct.ValueTransforms.Count, concrete.ValueTransforms.Count);
        return true;
    }
}
