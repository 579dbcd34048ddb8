using MaskingProxy.Proxy.Tests.Infrastructure;
using MaskingProxy.SqlRewriter.Policies;
using Xunit;

namespace MaskingProxy.Proxy.Tests.Samples;

/// <summary>
/// The sample policies load cleanly against the catalog of their own seeded schema: every mask fits its
/// column's type and every pattern matches a column.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class SamplePolicyLoadTests(PostgresServer postgres)
{
    public static TheoryData<string> Samples => [.. SampleFiles.Names];

    [Theory]
    [MemberData(nameof(Samples))]
    public async Task TryLoadFile_SeededCatalog_NoErrorsOrWarnings(string sample)
    {
        await using var database = await SampleDatabase.CreateAsync(postgres, sample);
        var catalog = await database.LoadCatalogAsync();

        var result = PolicyLoader.TryLoadFile(SampleFiles.PolicyPath(sample), catalog);

        Assert.True(result.Errors.Count == 0, string.Join(Environment.NewLine, result.Errors));
        Assert.NotNull(result.Policy);
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public async Task Seed_RunTwice_SecondRunSucceedsWithSameRows(string sample)
    {
        await using var database = await SampleDatabase.CreateAsync(postgres, sample);
        var table = sample == "healthcare" ? "healthcare.patients" : "finance.customers";
        var before = await postgres.RunPsqlAsync($"SELECT count(*) FROM {table};", database.Name);

        // Idempotent: drops the schema, keeps the existing roles (and says so) and reloads.
        await postgres.RunPsqlAsync(await File.ReadAllTextAsync(SampleFiles.SeedPath(sample)), database.Name);

        Assert.Equal(before, await postgres.RunPsqlAsync($"SELECT count(*) FROM {table};", database.Name));
        Assert.Equal("analyst|auditor|dba|support", await postgres.RunPsqlAsync(
            "SELECT string_agg(rolname, '|' ORDER BY rolname) FROM pg_roles WHERE rolname IN ('analyst', 'auditor', 'support', 'dba') AND rolcanlogin;",
            database.Name));
    }

    [Fact]
    public void SamplePolicies_Together_UseEveryMaskKindAndPolicyFeature()
    {
        var policies = SampleFiles.Names.Select(n => PolicyLoader.TryLoadFile(SampleFiles.PolicyPath(n)).Policy!).ToList();
        Assert.All(policies, Assert.NotNull);
        var rules = policies.SelectMany(p => p.Rules).ToList();

        Assert.Equal(
            ["email", "hash", "keep", "null", "replace", "round", "truncate"],
            rules.Select(r => r.Mask.TypeName).Distinct().Order(StringComparer.Ordinal));
        Assert.Contains(rules, r => r.Mask is HashMask { Algorithm: HashAlgorithmKind.Sm3 });
        Assert.Contains(rules, r => r.Predicates == PredicateMode.Allow);
        Assert.Contains(rules, r => r.Predicates == PredicateMode.Deny);
        Assert.Contains(rules, r => r.IsUnmaskedFor(SampleLogins.Support));
        Assert.Contains(policies, p => p.Defaults.CopyOut == CopyOutMode.Mask);
        Assert.Contains(policies, p => p.Defaults.CopyOut == CopyOutMode.Deny);
        Assert.All(policies, p =>
        {
            Assert.True(p.IsExempt(SampleLogins.Auditor) && p.IsExempt(SampleLogins.Dba));
            Assert.True(p.HasRulesFor(SampleLogins.Analyst) && p.HasRulesFor(SampleLogins.Support));
            Assert.Equal(p.Rules, p.RulesFor(SampleLogins.Analyst));
        });
    }
}
