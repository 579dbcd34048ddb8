using MaskingProxy.Crypto;
using MaskingProxy.SqlRewriter.Policies;
using Xunit;

namespace MaskingProxy.SqlRewriter.Tests.Policies;

public class SamplePolicyTests
{
    internal static string SamplePath => Path.Combine(AppContext.BaseDirectory, "Policy", "Samples", "spec-healthcare-baseline.yaml");

    [Fact]
    public void Spec_sample_policy_loads_without_errors_or_warnings()
    {
        (Policy? policy, IReadOnlyList<PolicyError> errors) = PolicyLoader.TryLoadFile(SamplePath);

        Assert.Empty(errors);
        Assert.NotNull(policy);
        Assert.Equal(1, policy.FormatVersion);
        Assert.Equal("healthcare-baseline", policy.Name);
        Assert.Equal(new[] { "dba_breakglass" }, policy.Exempt);
        Assert.Equal(new PolicyDefaults(UnparseableAction.Deny, PredicateMode.Mask, CopyOutMode.Mask, DynamicSqlMode.Deny), policy.Defaults);
        Assert.Equal(SamplePath, policy.Source);
        Assert.Empty(policy.AllowedFunctions);
    }

    [Fact]
    public void Spec_sample_rules_are_read_in_order_with_their_masks()
    {
        Policy policy = PolicyLoader.TryLoadFile(SamplePath).Policy!;

        Assert.Equal(
            new[] { "resident-id", "mobile", "person-name", "email", "diagnosis", "birth-date", "salary", "patient-key", "notes" },
            policy.Rules.Select(r => r.Id).ToArray());

        var masks = policy.Rules.ToDictionary(r => r.Id, r => r.Mask);
        Assert.Equal(new KeepMask(6, 4), masks["resident-id"]);
        Assert.Equal(new KeepMask(3, 4), masks["mobile"]);
        Assert.Equal(new KeepMask(1, 0), masks["person-name"]);
        Assert.Equal(new EmailMask(), masks["email"]);
        Assert.Equal(new ReplaceMask("[REDACTED]"), masks["diagnosis"]);
        Assert.Equal(new TruncateMask(TruncateUnit.Year), masks["birth-date"]);
        Assert.Equal(new RoundMask(1000m), masks["salary"]);
        Assert.Equal(new HashMask(HashAlgorithmKind.Sm3, "MASKING_HASH_KEY", 16), masks["patient-key"]);
        Assert.Equal(new NullMask(), masks["notes"]);

        PolicyRule residentId = policy.Rules[0];
        Assert.Equal(new[] { "public.patients.id_card", "*.*.id_number" }, residentId.Columns.Select(c => c.Text).ToArray());
        Assert.Equal(PredicateMode.Allow, residentId.Predicates);
        Assert.Equal(PredicateMode.Allow, residentId.EffectivePredicates(policy.Defaults));
        Assert.Equal(PredicateMode.Mask, policy.Rules[1].EffectivePredicates(policy.Defaults));
        Assert.Equal(new[] { "research_lead" }, policy.Rules[7].Unmask);
        Assert.Equal(new SourceLocation(SamplePath, 11, 5), residentId.Location);
    }

    [Fact]
    public void Policy_version_is_the_sm3_of_the_file_bytes()
    {
        Policy policy = PolicyLoader.TryLoadFile(SamplePath).Policy!;

        Assert.Equal(Sm3.HashHex(File.ReadAllBytes(SamplePath)), policy.Version);
        Assert.Matches("^[0-9a-f]{64}$", policy.Version);

        // One changed byte (a comment) changes the version.
        string text = File.ReadAllText(SamplePath) + "# touched\n";
        Assert.NotEqual(policy.Version, PolicyLoader.TryLoadText(text).Policy!.Version);
    }

    [Fact]
    public void Sm3_matches_the_standard_test_vectors()
    {
        // GB/T 32905-2016 appendix A.
        Assert.Equal("66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0", Sm3.HashHex("abc"u8));
        Assert.Equal(
            "debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732",
            Sm3.HashHex(System.Text.Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("abcd", 16)))));
    }

    [Fact]
    public void Hmac_sm3_follows_rfc2104()
    {
        byte[] key = "a key shorter than the block"u8.ToArray();
        byte[] message = "患者 P-0001"u8.ToArray();

        // H((K ^ opad) || H((K ^ ipad) || m)) with a 64-byte block, computed independently.
        byte[] block = new byte[64];
        key.CopyTo(block, 0);
        byte[] inner = Sm3.Hash([.. block.Select(b => (byte)(b ^ 0x36)), .. message]);
        byte[] expected = Sm3.Hash([.. block.Select(b => (byte)(b ^ 0x5c)), .. inner]);

        Assert.Equal(expected, HmacSm3.Mac(key, message));
    }
}
