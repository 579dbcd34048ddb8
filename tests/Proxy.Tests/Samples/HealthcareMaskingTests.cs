using MaskingProxy.Proxy.Tests.Infrastructure;
using MaskingProxy.SqlRewriter.Masks;
using MaskingProxy.SqlRewriter.Rewriting;
using Xunit;

namespace MaskingProxy.Proxy.Tests.Samples;

/// <summary>
/// policies/healthcare.yaml on the seeded sample: statements rewritten for a login and run on the real
/// database return masked values to analyst, raw values to the exempt auditor, and raw contact details
/// to support (unmask).
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class HealthcareMaskingTests(PostgresServer postgres)
{
    private const string Sample = "healthcare";

    private const string PatientsSql =
        "SELECT patient_id, medical_record_no, full_name, gender, birth_date, id_number, mobile, email, address FROM healthcare.patients ORDER BY patient_id";

    [Fact]
    public async Task PatientsSelect_Analyst_EveryCoveredColumnMaskedAsThePolicySays()
    {
        await using var database = await SampleDatabase.CreateAsync(postgres, Sample);
        var set = await SamplePolicySet.LoadAsync(database, Sample);

        var run = await RunAsync(set, database, SampleLogins.Analyst, PatientsSql, RewriteVerdict.Masked);

        var rows = run.Results.Single().Rows;
        var seed = set.Table(Sample, "patients").Records().ToList();
        Assert.Equal(seed.Count, rows.Count);
        for (var i = 0; i < rows.Count; i++)
        {
            var raw = seed[i];
            var row = rows[i];
            Assert.Equal(raw["patient_id"], row[0]);
            Assert.Equal(HmacSm3Pseudonym.Compute(TextRunner.HashKey, raw["medical_record_no"], 16), row[1]);
            Assert.Equal(Masked.KeepFirst(raw["full_name"]!, 1), row[2]);
            Assert.Equal(raw["gender"], row[3]);
            Assert.Equal(raw["birth_date"]![..4] + "-01-01", row[4]);
            Assert.Equal(Masked.Keep(raw["id_number"]!, 6, 4), row[5]);
            Assert.Equal(raw["mobile"] is { } mobile ? Masked.Keep(mobile, 3, 4) : null, row[6]);
            Assert.Equal(raw["email"] is { } email ? Masked.Email(email) : null, row[7]);
            Assert.Equal(Masked.KeepFirst(raw["address"]!, 6), row[8]);
        }

        Assert.Contains("欧**", rows.Select(r => r[2]));
    }

    [Fact]
    public async Task PatientsSelect_Auditor_RawSeedValuesUnchanged()
    {
        await using var database = await SampleDatabase.CreateAsync(postgres, Sample);
        var set = await SamplePolicySet.LoadAsync(database, Sample);

        var run = await RunAsync(set, database, SampleLogins.Auditor, PatientsSql, RewriteVerdict.Allow);

        var expected = set.Table(Sample, "patients").Records()
            .Select(r => new[] { r["patient_id"], r["medical_record_no"], r["full_name"], r["gender"], r["birth_date"], r["id_number"], r["mobile"], r["email"], r["address"] });
        Assert.Equal(expected, run.Results.Single().Rows);
    }

    [Fact]
    public async Task PatientsSelect_Support_MobileAndRecordNumberRawOthersMasked()
    {
        await using var database = await SampleDatabase.CreateAsync(postgres, Sample);
        var set = await SamplePolicySet.LoadAsync(database, Sample);

        var run = await RunAsync(set, database, SampleLogins.Support, PatientsSql, RewriteVerdict.Masked);

        var result = run.Results.Single();
        var seed = set.Table(Sample, "patients");
        Assert.Equal(seed.Values("medical_record_no"), result.Column("medical_record_no"));
        Assert.Equal(seed.Rows.Select(r => r[seed.Columns.ToList().IndexOf("mobile")]), result.Column("mobile"));
        Assert.Equal(seed.Values("id_number").Select(id => Masked.Keep(id, 6, 4)), result.Column("id_number"));
        Assert.Empty(set.SensitiveFor(Sample, SampleLogins.Support).FindIn(run.AllText(), PatientsSql));
    }

    [Fact]
    public async Task LookupByResidentId_Analyst_PredicateSeesRawValueResultStaysMasked()
    {
        await using var database = await SampleDatabase.CreateAsync(postgres, Sample);
        var set = await SamplePolicySet.LoadAsync(database, Sample);
        var patient = set.Table(Sample, "patients").Records().ElementAt(2);
        var sql = $"SELECT patient_id, full_name, id_number FROM healthcare.patients WHERE id_number = '{patient["id_number"]}'";

        var run = await RunAsync(set, database, SampleLogins.Analyst, sql, RewriteVerdict.Masked);

        var row = Assert.Single(run.Results.Single().Rows);
        Assert.Equal(patient["patient_id"], row[0]);
        Assert.Equal(Masked.KeepFirst(patient["full_name"]!, 1), row[1]);
        Assert.Equal(Masked.Keep(patient["id_number"]!, 6, 4), row[2]);
    }

    [Fact]
    public async Task VisitsJoin_Analyst_ClinicalTextRedactedNotesNullTimesTruncated()
    {
        await using var database = await SampleDatabase.CreateAsync(postgres, Sample);
        var set = await SamplePolicySet.LoadAsync(database, Sample);
        const string sql =
            "SELECT p.full_name, v.visited_at, v.chief_complaint, v.notes, d.icd10_code, d.description FROM healthcare.patients p " +
            "JOIN healthcare.visits v USING (patient_id) JOIN healthcare.diagnoses d USING (visit_id) ORDER BY d.diagnosis_id";

        var masked = await RunAsync(set, database, SampleLogins.Analyst, sql, RewriteVerdict.Masked);
        var raw = await RunAsync(set, database, SampleLogins.Auditor, sql, RewriteVerdict.Allow);

        var rows = masked.Results.Single().Rows;
        Assert.Equal(set.Table(Sample, "diagnoses").Rows.Count, rows.Count);
        Assert.All(rows, r =>
        {
            Assert.EndsWith(" 00:00:00", r[1], StringComparison.Ordinal);
            Assert.Equal("[REDACTED]", r[2]);
            Assert.Null(r[3]);
            Assert.Equal("[REDACTED]", r[5]);
        });
        Assert.Equal(raw.Results.Single().Column("icd10_code"), masked.Results.Single().Column("icd10_code"));
        Assert.True(set.SensitiveFor(Sample, SampleLogins.Analyst).CountIn(raw.AllText()) > 100, "the exempt login sees the raw names and clinical text");
    }

    [Theory]
    [InlineData("SELECT d.* FROM healthcare.diagnoses d WHERE d.description LIKE '%糖尿病%'", "clinical-text")]
    [InlineData("SELECT row_to_json(p) FROM healthcare.patients p", "patient-mrn")]
    [InlineData("SELECT medical_record_no FROM healthcare.patients ORDER BY medical_record_no", "patient-mrn")]
    public async Task CoveredColumnUse_Analyst_DeniedNamingTheRule(string sql, string rule)
    {
        await using var database = await SampleDatabase.CreateAsync(postgres, Sample);
        var set = await SamplePolicySet.LoadAsync(database, Sample);

        var result = set.Rewrite(Sample, SampleLogins.Analyst, sql);

        Assert.Equal(RewriteVerdict.Deny, result.Verdict);
        Assert.Equal(rule, result.Denial?.RuleId);
    }

    private static Task<TextRun> RunAsync(SamplePolicySet set, SampleDatabase database, string login, string sql, RewriteVerdict verdict) =>
        SampleRuns.RunAsync(set, database, Sample, login, sql, verdict);
}
