using MaskingProxy.SqlRewriter.Postgres.Rewriting;
using MaskingProxy.SqlRewriter.Postgres.Templates;
using MaskingProxy.SqlRewriter.Rewriting;
using MaskingProxy.SqlRewriter.Tests.Rewriting.Golden;
using Xunit;

namespace MaskingProxy.SqlRewriter.Tests.Rewriting;

/// <summary>Objects and rules per statement of a multi-statement text (one audit record per statement).</summary>
public sealed class StatementObjectsTests
{
    private const string Text = "SELECT full_name FROM patients; SELECT 1; SELECT email FROM patients WHERE id_card = '110101199003071234'";

    private static RewriteResult Rewrite(string sql, string login = "app_user") =>
        PostgresRewriter.Instance.Rewrite(new RewriteRequest(sql, login, GoldenCorpus.Policy("policy.yaml"), GoldenCorpus.Catalog));

    [Fact]
    public void Rewrite_MultiStatementText_ReportsEachStatementsOwnObjectsAndRules()
    {
        var result = Rewrite(Text);

        Assert.Equal(RewriteVerdict.Masked, result.Verdict);
        Assert.Equal(3, result.StatementObjects.Count);
        Assert.Contains(new ObjectReference("public", "patients", "full_name"), result.StatementObjects[0]);
        Assert.DoesNotContain(new ObjectReference("public", "patients", "email"), result.StatementObjects[0]);
        Assert.Empty(result.StatementObjects[1]);
        Assert.Contains(new ObjectReference("public", "patients", "email"), result.StatementObjects[2]);
        Assert.DoesNotContain(new ObjectReference("public", "patients", "full_name"), result.StatementObjects[2]);
        Assert.Equal(["person-name"], result.StatementRuleIds[0]);
        Assert.Empty(result.StatementRuleIds[1]);
        Assert.Contains("email", result.StatementRuleIds[2]);
        Assert.DoesNotContain("person-name", result.StatementRuleIds[2]);
        // The whole-text lists are the union.
        Assert.Equal(result.Objects.Count, result.StatementObjects.SelectMany(o => o).Distinct().Count());
    }

    [Fact]
    public void Rewrite_ExemptLogin_ReportsRelationsPerStatement()
    {
        var result = Rewrite(Text, "dba_breakglass");

        Assert.Equal(RewriteVerdict.Allow, result.Verdict);
        Assert.Equal([new ObjectReference("public", "patients")], result.StatementObjects[0]);
        Assert.Empty(result.StatementObjects[1]);
    }

    [Fact]
    public void TryInstantiate_Template_KeepsPerStatementLists()
    {
        var template = LiteralTemplate.TryCreate(Text)!;
        var templated = Rewrite(template.Text);

        Assert.True(TemplateResults.TryInstantiate(template, templated, out var concrete));
        Assert.Equal(templated.StatementObjects, concrete.StatementObjects);
        Assert.Equal(templated.StatementRuleIds, concrete.StatementRuleIds);
    }
}
