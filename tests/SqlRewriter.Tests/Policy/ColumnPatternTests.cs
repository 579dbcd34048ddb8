using MaskingProxy.SqlRewriter.Policies;
using Xunit;

namespace MaskingProxy.SqlRewriter.Tests.Policies;

public class ColumnPatternTests
{
    [Theory]
    [InlineData("public.patients.phone", "public", "patients", "phone", true)]
    [InlineData("*.*.phone", "hr", "employees", "phone", true)]
    [InlineData("*.*.phone", "hr", "employees", "phone2", false)]
    [InlineData("*.*.phone*", "hr", "employees", "phone_mobile", true)]
    [InlineData("public.pat*.id_*", "public", "patients", "id_card", true)]
    [InlineData("public.pat*.id_*", "public", "parts", "id_card", false)]
    [InlineData("public.*ent*.x", "public", "patients", "x", true)]
    [InlineData("public.*ent*.x", "public", "ent", "x", true)]
    [InlineData("public.a*b*c.x", "public", "abc", "x", true)]
    [InlineData("public.a*b*c.x", "public", "acb", "x", false)]
    [InlineData("public.a*a.x", "public", "a", "x", false)]          // start and end literals must not overlap
    [InlineData("*.*.*", "any", "thing", "at all", true)]
    [InlineData("public.患者.姓名", "public", "患者", "姓名", true)]    // non-ASCII letters have no case: no quoting needed
    [InlineData("public.Σχήμα.x", "public", "Σχήμα", "x", true)]       // PostgreSQL does not fold non-ASCII letters in UTF-8
    [InlineData("public.Σχήμα.x", "public", "σχήμα", "x", false)]
    public void Globs_match_per_part(string pattern, string schema, string table, string column, bool expected)
    {
        Assert.Equal(expected, ColumnPattern.Parse(pattern).Matches(schema, table, column));
    }

    [Fact]
    public void Unquoted_patterns_match_only_the_folded_lower_case_name()
    {
        // CREATE TABLE Patients (Phone text) is stored as patients.phone; CREATE TABLE "Patients" as Patients.
        ColumnPattern pattern = ColumnPattern.Parse("public.patients.phone");
        Assert.True(pattern.Matches("public", "patients", "phone"));
        Assert.False(pattern.Matches("public", "Patients", "phone"));
        Assert.False(pattern.Matches("public", "PATIENTS", "phone"));
    }

    [Fact]
    public void Quoted_parts_match_exact_case_and_may_contain_dots_stars_and_quotes()
    {
        ColumnPattern pattern = ColumnPattern.Parse("public.\"Patients\".\"Full.Name*\"");
        Assert.True(pattern.Matches("public", "Patients", "Full.Name*"));
        Assert.False(pattern.Matches("public", "patients", "Full.Name*"));
        Assert.False(pattern.Matches("public", "Patients", "Full.NameX")); // '*' inside quotes is literal

        ColumnPattern withQuote = ColumnPattern.Parse("s.\"say \"\"hi\"\"\".c");
        Assert.True(withQuote.Matches("s", "say \"hi\"", "c"));
        Assert.Equal("\"say \"\"hi\"\"\"", withQuote.Table.Display);
    }

    [Fact]
    public void Quoted_and_wildcard_segments_can_be_mixed()
    {
        ColumnPattern pattern = ColumnPattern.Parse("public.\"Pat\"*.\"ID\"_*");
        Assert.True(pattern.Matches("public", "Patients", "ID_card"));
        Assert.False(pattern.Matches("public", "patients", "ID_card"));
        Assert.False(pattern.Matches("public", "Patients", "id_card"));
    }

    [Theory]
    [InlineData("public.patients")]
    [InlineData("public.Patients.phone")]
    [InlineData(".t.c")]
    [InlineData("s.t.")]
    [InlineData("s.\"t.c")]
    [InlineData("s.t.c-d")]
    public void Malformed_patterns_are_rejected(string pattern)
    {
        Assert.False(ColumnPattern.TryParse(pattern, out _, out string? error));
        Assert.False(string.IsNullOrEmpty(error));
        Assert.Throws<FormatException>(() => ColumnPattern.Parse(pattern));
    }
}
