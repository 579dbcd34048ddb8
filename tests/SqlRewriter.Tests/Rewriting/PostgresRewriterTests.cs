using MaskingProxy.SqlRewriter.Catalog;
using MaskingProxy.SqlRewriter.Policies;
using MaskingProxy.SqlRewriter.Postgres.Rewriting;
using MaskingProxy.SqlRewriter.Rewriting;
using MaskingProxy.SqlRewriter.Tests.Rewriting.Golden;
using Xunit;

namespace MaskingProxy.SqlRewriter.Tests.Rewriting;

public class PostgresRewriterTests
{
    private static Policy Policy => GoldenCorpus.Policy("policy.yaml");

    private static CatalogSnapshot Catalog => GoldenCorpus.Catalog;

    private static RewriteResult Rewrite(string sql, string login = "app_user", SessionSettings? session = null) =>
        PostgresRewriter.Instance.Rewrite(new RewriteRequest(sql, login, Policy, Catalog, session ?? SessionSettings.Default));

    [Fact]
    public void Exempt_login_is_allowed_unchanged_but_still_reported()
    {
        RewriteResult result = Rewrite("SELECT phone FROM patients; SET search_path = app; DO $$ BEGIN END $$", "dba_breakglass");

        Assert.Equal(RewriteVerdict.Allow, result.Verdict);
        Assert.Null(result.RewrittenSql);
        Assert.Equal(["SELECT", "SET", "DO"], result.Statements.Select(s => s.Kind));
        Assert.Contains(new ObjectReference("public", "patients"), result.Objects);
        Assert.Equal(SessionEffectKind.SetSearchPath, Assert.Single(result.SessionEffects).Kind);
        Assert.Equal("postgres", PostgresRewriter.Instance.Dialect);
    }

    [Fact]
    public void Masked_result_names_sources_rules_and_transforms()
    {
        RewriteResult result = Rewrite("SELECT patient_no, phone FROM patients");

        Assert.Equal(RewriteVerdict.Masked, result.Verdict);
        ValueTransformColumn transform = Assert.Single(result.ValueTransforms);
        Assert.Equal((0, 0, "patient_no", "patient-key"), (transform.StatementIndex, transform.OutputIndex, transform.OutputName, transform.RuleId));
        Assert.Equal(new HashMask(HashAlgorithmKind.Sm3, "MASKING_HASH_KEY", 16), transform.Mask);
        MaskedOutputColumn masked = Assert.Single(result.MaskedColumns);
        Assert.Equal(new ObjectReference("public", "patients", "phone"), masked.Source);
        Assert.Equal(["mobile", "patient-key"], result.RuleIds);
        Assert.Equal(result.RewrittenSql, result.TextToForward("SELECT patient_no, phone FROM patients"));
    }

    [Fact]
    public void Touching_covered_columns_is_decided_with_the_rewrite()
    {
        Assert.True(Rewrite("SELECT phone FROM patients").TouchesCoveredColumns);
        // predicates: allow lets the raw value into the comparison, where a failing cast could echo it.
        Assert.True(Rewrite("SELECT 1 FROM patients WHERE id_card = '1'").TouchesCoveredColumns);
        Assert.False(Rewrite("SELECT id, name FROM hr.employees").TouchesCoveredColumns);
        Assert.False(Rewrite("SELECT phone FROM patients", "dba_breakglass").TouchesCoveredColumns);
        Assert.False(Rewrite("SELECT upper(patient_no) FROM patients").TouchesCoveredColumns);
    }

    [Fact]
    public void Denial_names_reason_kind_rule_and_statement()
    {
        RewriteResult result = Rewrite("SELECT 1; SELECT upper(patient_no) FROM patients");

        Assert.Equal(RewriteVerdict.Deny, result.Verdict);
        Assert.Null(result.RewrittenSql);
        Assert.Equal(DenialKind.Policy, result.Denial!.Kind);
        Assert.Equal("patient-key", result.Denial.RuleId);
        Assert.Equal(1, result.Denial.StatementIndex);
        Assert.EndsWith("(rule patient-key)", result.Denial.Message, StringComparison.Ordinal);
        Assert.Equal(2, result.Statements.Count);
    }

    [Fact]
    public void Unknown_relation_denial_is_flagged_as_a_catalog_miss()
    {
        RewriteResult result = Rewrite("SELECT * FROM brand_new_table");
        Assert.Equal(RewriteVerdict.Deny, result.Verdict);
        Assert.True(result.CatalogMiss);
        Assert.False(Rewrite("SELECT upper(patient_no) FROM patients").CatalogMiss);
    }

    [Theory]
    [InlineData("SELECT 'a\u0000b'")]
    [InlineData("SELECT 'unterminated")]
    [InlineData("SELEC 1")]
    public void Text_that_does_not_parse_is_denied_for_masked_subjects_and_allowed_for_exempt(string sql)
    {
        Assert.Equal(DenialKind.Unparseable, Rewrite(sql).Denial!.Kind);
        Assert.Equal(RewriteVerdict.Allow, Rewrite(sql, "dba_breakglass").Verdict);
    }

    [Fact]
    public void Empty_text_is_allowed()
    {
        RewriteResult result = Rewrite("  -- nothing\n");
        Assert.Equal(RewriteVerdict.Allow, result.Verdict);
        Assert.Empty(result.Statements);
    }

    [Fact]
    public void Statement_ranges_point_into_the_original_text()
    {
        const string sql = "SELECT '张三';\nSELECT phone FROM patients ; SELECT 3";
        RewriteResult result = Rewrite(sql);

        Assert.Equal(["SELECT '张三'", "SELECT phone FROM patients", "SELECT 3"], result.Statements.Select(s => sql.Substring(s.Start, s.Length).Trim()));
    }

    [Theory]
    [InlineData("SELECT full_name FROM patients", true)]
    [InlineData("SHOW search_path", true)]
    [InlineData("SELECT full_name FROM patients FOR UPDATE", false)]
    [InlineData("SELECT add_one(1)", false)]
    [InlineData("SELECT nextval('s')", false)]
    [InlineData("WITH d AS (DELETE FROM audit_events RETURNING id) SELECT * FROM d", false)]
    [InlineData("INSERT INTO audit_events (id) VALUES (1)", false)]
    [InlineData("SELECT 1 INTO TEMP t", false)]
    public void Plain_reads_are_recognised_conservatively(string sql, bool plain)
    {
        Assert.Equal(plain, Rewrite(sql).Statements[0].IsPlainRead);
    }

    [Fact]
    public void Session_effects_update_name_resolution_within_the_same_text()
    {
        RewriteResult result = Rewrite("SET search_path = app; SELECT nickname FROM patients");
        Assert.Equal(RewriteVerdict.Allow, result.Verdict);
        Assert.Contains(new ObjectReference("app", "patients", "nickname"), result.Objects);
    }

    [Fact]
    public void Session_settings_from_the_proxy_are_honoured()
    {
        var session = new SessionSettings(SearchPath.Parse("app, public"), parameters: new Dictionary<string, string> { ["standard_conforming_strings"] = "on" });
        Assert.Equal(RewriteVerdict.Allow, Rewrite("SELECT * FROM patients", session: session).Verdict);
        Assert.Equal(RewriteVerdict.Masked, Rewrite("SELECT * FROM public.patients", session: session).Verdict);
    }

    [Fact]
    public void Rewrites_are_deterministic_and_thread_safe()
    {
        string[] texts =
        [
            "SELECT * FROM patients p WHERE p.id_card = $1",
            "SELECT full_name FROM patient_contacts",
            "UPDATE patients SET email = 'x' WHERE phone = '1' RETURNING *",
            "WITH c AS (SELECT phone FROM contacts) SELECT * FROM c",
        ];
        Dictionary<string, string?> sequential = texts.ToDictionary(t => t, t => Rewrite(t).RewrittenSql);

        Parallel.For(0, 400, i =>
        {
            string text = texts[i % texts.Length];
            Assert.Equal(sequential[text], Rewrite(text).RewrittenSql);
        });
    }

    [Fact]
    public void Random_token_soup_never_throws()
    {
        string[] tokens = ["SELECT", "FROM", "patients", "p", ",", "(", ")", "*", "WHERE", "=", "'x'", "$1", "JOIN", "ON", "phone", "p.id_card", "UNION", "WITH", "AS", "LATERAL", "ORDER BY", "1", ";", "row_to_json(p)", "patient_no", "::text", "--", "/*", "*/", "\"", "U&\"x\"", "E'\\''"];
        var random = new Random(1234);
        for (int i = 0; i < 2000; i++)
        {
            string sql = string.Join(" ", Enumerable.Range(0, random.Next(1, 14)).Select(_ => tokens[random.Next(tokens.Length)]));
            RewriteResult result = Rewrite(sql);
            Assert.True(result.Verdict == RewriteVerdict.Deny || result.Denial is null, sql);
        }
    }

    [Fact]
    public void Every_rewritten_text_of_the_corpus_parses_to_the_same_number_of_statements()
    {
        // VerifyRewrites is on in the golden runner; here it is checked explicitly for the canonical cases.
        foreach (string sql in new[] { "SELECT * FROM patients WHERE id_card = $1; TABLE patients; COPY patients (phone) TO STDOUT" })
        {
            RewriteResult result = Rewrite(sql);
            Assert.Equal(3, MaskingProxy.SqlRewriter.Postgres.Interop.PgQuery.Parse(result.RewrittenSql!).Stmts.Count);
        }
    }
}
