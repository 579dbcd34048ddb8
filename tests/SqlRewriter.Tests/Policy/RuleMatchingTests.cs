using MaskingProxy.SqlRewriter.Policies;
using Xunit;

namespace MaskingProxy.SqlRewriter.Tests.Policies;

public class RuleMatchingTests
{
    private static readonly Policy s_policy = PolicyLoader.TryLoadText("""
        version: 1
        name: matching
        exempt: [dba_breakglass]
        rules:
          - id: patient-key
            columns: ["public.patients.patient_no"]
            mask: { hash: sm3, key_env: K, length: 16 }
            unmask: [research_lead]
          - id: any-number
            columns: ["*.*.patient_no", "*.*.id_number"]
            mask: null
          - id: quoted
            columns: ['public."Patients"."FullName"']
            mask: { keep: { first: 1 } }
          - id: phone
            columns: ["*.*.phone"]
            mask: { keep: { first: 3, last: 4 } }
            unmask: [support]
        """).Policy!;

    [Fact]
    public void First_matching_rule_wins()
    {
        Assert.Equal("patient-key", s_policy.MatchColumn("public", "patients", "patient_no", "app")?.Id);
        Assert.Equal("any-number", s_policy.MatchColumn("archive", "patients", "patient_no", "app")?.Id);
        Assert.Equal("any-number", s_policy.MatchColumn("public", "people", "id_number", "app")?.Id);
        Assert.Null(s_policy.MatchColumn("public", "patients", "created_at", "app"));
    }

    [Fact]
    public void Exempt_login_gets_no_rule()
    {
        Assert.True(s_policy.IsExempt("dba_breakglass"));
        Assert.Null(s_policy.MatchColumn("public", "patients", "patient_no", "dba_breakglass"));
        Assert.Empty(s_policy.RulesFor("dba_breakglass"));
        Assert.False(s_policy.HasRulesFor("dba_breakglass"));
    }

    [Fact]
    public void Unmask_exempts_from_the_first_matching_rule_without_falling_through()
    {
        // research_lead is unmasked for patient-key; the broader any-number rule does not take over.
        Assert.Null(s_policy.MatchColumn("public", "patients", "patient_no", "research_lead"));
        Assert.Equal("any-number", s_policy.MatchColumn("archive", "patients", "patient_no", "research_lead")?.Id);
        Assert.Equal("patient-key", s_policy.FirstRuleCovering("public", "patients", "patient_no")?.Id);
    }

    [Fact]
    public void Logins_compare_case_sensitively()
    {
        Assert.NotNull(s_policy.MatchColumn("public", "patients", "patient_no", "DBA_BREAKGLASS"));
        Assert.NotNull(s_policy.MatchColumn("public", "patients", "patient_no", "Research_Lead"));
    }

    [Fact]
    public void Quoted_identifiers_match_the_catalog_name_exactly()
    {
        Assert.Equal("quoted", s_policy.MatchColumn("public", "Patients", "FullName", "app")?.Id);
        Assert.Null(s_policy.MatchColumn("public", "patients", "fullname", "app"));
    }

    [Fact]
    public void RulesFor_lists_rules_that_can_mask_for_the_login()
    {
        Assert.Equal(new[] { "patient-key", "any-number", "quoted", "phone" }, s_policy.RulesFor("app").Select(r => r.Id).ToArray());
        Assert.Equal(new[] { "any-number", "quoted", "phone" }, s_policy.RulesFor("research_lead").Select(r => r.Id).ToArray());
        Assert.Equal(new[] { "patient-key", "any-number", "quoted" }, s_policy.RulesFor("support").Select(r => r.Id).ToArray());
        Assert.True(s_policy.HasRulesFor("support"));
    }
}
