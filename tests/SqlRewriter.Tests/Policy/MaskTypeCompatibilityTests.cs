using MaskingProxy.SqlRewriter.Catalog;
using MaskingProxy.SqlRewriter.Policies;
using Xunit;

namespace MaskingProxy.SqlRewriter.Tests.Policies;

public class MaskTypeCompatibilityTests
{
    private static readonly InMemoryColumnTypeLookup s_catalog = new(
    [
        new("public", "patients", "id_card", "character varying(18)"),
        new("public", "patients", "full_name", "text"),
        new("public", "patients", "phone", "character(11)"),
        new("public", "patients", "birth_date", "date"),
        new("public", "patients", "patient_no", "text"),
        new("public", "visits", "diagnosis", "text"),
        new("public", "visits", "notes", "jsonb"),
        new("public", "visits", "visited_at", "timestamp(3) with time zone"),
        new("hr", "employees", "salary", "numeric(12,2)"),
        new("hr", "employees", "grade", "integer"),
        new("hr", "employees", "email", "character varying(200)"),
        new("hr", "employees", "phone", "bigint"),
    ]);

    private static PolicyLoadResult Load(string mask, string column) =>
        PolicyLoader.TryLoadText($"version: 1\nname: t\nrules:\n  - id: r\n    columns: [\"{column}\"]\n    mask: {mask}\n", "p.yaml", s_catalog);

    [Fact]
    public void Spec_sample_fits_a_matching_catalog()
    {
        var catalog = new InMemoryColumnTypeLookup(s_catalog.EnumerateColumns().Where(c => c.TypeName != "bigint"));
        PolicyLoadResult result = PolicyLoader.TryLoadFile(SamplePolicyTests.SamplePath, catalog);

        Assert.True(result.Success, string.Join("\n", result.Errors));

        // '*.*.id_number' (line 12) matches nothing in this catalog: reported, but only as a warning.
        PolicyError warning = Assert.Single(result.Errors);
        Assert.Equal((PolicyErrorKind.NoMatchingColumn, PolicyErrorSeverity.Warning, 12, 42), (warning.Kind, warning.Severity, warning.Line, warning.Column));
    }

    [Fact]
    public void Spec_sample_rejects_a_catalog_where_a_glob_hits_a_non_character_column()
    {
        // "*.*.phone" (mobile rule, keep mask) also covers hr.employees.phone, a bigint.
        PolicyLoadResult result = PolicyLoader.TryLoadFile(SamplePolicyTests.SamplePath, s_catalog);

        Assert.False(result.Success);
        PolicyError error = Assert.Single(result.Errors, e => e.Severity == PolicyErrorSeverity.Error);
        Assert.Equal((PolicyErrorKind.MaskTypeMismatch, 16, 15), (error.Kind, error.Line, error.Column));
        Assert.Contains("rule 'mobile': mask 'keep' needs a character column (hr.employees.phone is bigint)", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{ keep: { first: 1 } }", "public.patients.birth_date", "mask 'keep' needs a character column (public.patients.birth_date is date)")]
    [InlineData("email", "hr.employees.grade", "mask 'email' needs a character column")]
    [InlineData("{ replace: x }", "public.visits.notes", "mask 'replace' needs a character column (public.visits.notes is jsonb)")]
    [InlineData("{ hash: sm3, key_env: K }", "hr.employees.salary", "mask 'hash' needs a character column")]
    [InlineData("{ truncate: year }", "public.patients.full_name", "mask 'truncate' needs a date or timestamp column")]
    [InlineData("{ truncate: day }", "public.patients.birth_date", "'truncate: day' does nothing on a date column")]
    [InlineData("{ round: 10 }", "public.patients.phone", "mask 'round' needs a numeric or integer column")]
    [InlineData("{ round: 1 }", "hr.employees.grade", "'round: 1' does nothing on an integer column")]
    [InlineData("{ round: 0.001 }", "hr.employees.salary", "finer than the column's 2 decimals")]
    public void Mask_that_does_not_fit_the_column_type_is_an_error(string mask, string column, string fragment)
    {
        PolicyLoadResult result = Load(mask, column);
        Assert.False(result.Success);
        PolicyError e = Assert.Single(result.Errors);
        Assert.Equal((PolicyErrorKind.MaskTypeMismatch, 5, 15), (e.Kind, e.Line, e.Column));
        Assert.Contains(fragment, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{ keep: { first: 6, last: 4 } }", "public.patients.id_card")]
    [InlineData("{ keep: { first: 3, last: 4 } }", "public.patients.phone")]
    [InlineData("email", "hr.employees.email")]
    [InlineData("{ hash: sm3, key_env: K, length: 16 }", "public.patients.patient_no")]
    [InlineData("{ truncate: month }", "public.patients.birth_date")]
    [InlineData("{ truncate: minute }", "public.visits.visited_at")]
    [InlineData("{ round: 1000 }", "hr.employees.salary")]
    [InlineData("{ round: 0.5 }", "hr.employees.salary")]
    [InlineData("{ round: 10 }", "hr.employees.grade")]
    [InlineData("null", "public.visits.notes")]
    [InlineData("null", "*.*.*")]
    public void Mask_that_fits_loads(string mask, string column)
    {
        PolicyLoadResult result = Load(mask, column);
        Assert.True(result.Success, string.Join("\n", result.Errors));
        Assert.Empty(result.Errors);
    }

    [Fact]
    public void Glob_reports_every_mismatching_column()
    {
        PolicyLoadResult result = Load("{ keep: { first: 3 } }", "*.*.phone");
        PolicyError e = Assert.Single(result.Errors);
        Assert.Contains("hr.employees.phone is bigint", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Pattern_matching_nothing_is_a_warning_only()
    {
        PolicyLoadResult result = Load("null", "public.patiens.phone");
        Assert.True(result.Success);
        PolicyError w = Assert.Single(result.Warnings);
        Assert.Equal((PolicyErrorKind.NoMatchingColumn, 5, 15), (w.Kind, w.Line, w.Column));
        Assert.StartsWith("p.yaml:5:15: warning: ", w.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_catalog_types_are_not_checked()
    {
        PolicyLoadResult result = PolicyLoader.TryLoadText("version: 1\nname: t\nrules:\n  - id: r\n    columns: [\"a.b.c\"]\n    mask: { round: 5 }\n");
        Assert.True(result.Success);
        Assert.Empty(result.Errors);
    }
}
