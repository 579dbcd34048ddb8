using System.Globalization;
using System.Text.RegularExpressions;
using MaskingProxy.Proxy.Tests.Infrastructure;
using MaskingProxy.SqlRewriter.Rewriting;
using Xunit;

namespace MaskingProxy.Proxy.Tests.Samples;

/// <summary>
/// policies/finance.yaml on the seeded sample: statements rewritten for a login and run on the real
/// database return masked values to analyst and raw values to the exempt auditor; copy_out deny and the
/// salary rule's predicates: deny refuse statements.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class FinanceMaskingTests(PostgresServer postgres)
{
    private const string Sample = "finance";

    private const string TransfersSql =
        "SELECT c.full_name, c.id_number, a.card_no, a.balance, t.txn_time, t.amount, t.counterparty_card, t.counterparty_name, t.memo " +
        "FROM finance.transactions t JOIN finance.accounts a ON a.account_id = t.account_id JOIN finance.customers c ON c.customer_id = a.customer_id " +
        "WHERE t.txn_type = 'transfer' ORDER BY t.txn_id";

    [Fact]
    public async Task TransfersJoin_Analyst_CardsNamesAmountsAndTimesMasked()
    {
        await using var database = await SampleDatabase.CreateAsync(postgres, Sample);
        var set = await SamplePolicySet.LoadAsync(database, Sample);

        var run = await RunAsync(set, database, SampleLogins.Analyst, TransfersSql, RewriteVerdict.Masked);

        var rows = run.Results.Single().Rows;
        Assert.NotEmpty(rows);
        Assert.All(rows, r =>
        {
            Assert.Matches("^\\p{IsCJKUnifiedIdeographs}\\*+$", r[0]);
            Assert.Matches("^[0-9]{6}\\*{8}[0-9]{3}[0-9X]$", r[1]);
            Assert.Matches("^[0-9]{6}\\*{6,9}[0-9]{4}$", r[2]);
            Assert.Equal(0m, decimal.Parse(r[3]!, CultureInfo.InvariantCulture) % 1000m);
            Assert.Matches(":00:00\\+00$", r[4]);
            Assert.Equal(0m, decimal.Parse(r[5]!, CultureInfo.InvariantCulture) % 100m);
            Assert.True(r[6] is null || Regex.IsMatch(r[6]!, "^[0-9]{6}\\*{6,9}[0-9]{4}$"), r[6]);
            Assert.Null(r[8]);
        });
    }

    [Fact]
    public async Task TransfersJoin_Auditor_RawValuesReachTheExemptLogin()
    {
        await using var database = await SampleDatabase.CreateAsync(postgres, Sample);
        var set = await SamplePolicySet.LoadAsync(database, Sample);

        var run = await RunAsync(set, database, SampleLogins.Auditor, TransfersSql, RewriteVerdict.Allow);

        var cards = set.Table(Sample, "accounts").Values("card_no").ToHashSet(StringComparer.Ordinal);
        Assert.All(run.Results.Single().Column("card_no"), c => Assert.Contains(c!, cards));
        Assert.True(set.SensitiveFor(Sample, SampleLogins.Analyst).CountIn(run.AllText()) > 100);
    }

    [Fact]
    public async Task CustomerLookupByCard_Support_ContactRawIdentityMasked()
    {
        await using var database = await SampleDatabase.CreateAsync(postgres, Sample);
        var set = await SamplePolicySet.LoadAsync(database, Sample);
        var account = set.Table(Sample, "accounts").Records().First();
        var customer = set.Table(Sample, "customers").Records().Single(c => c["customer_id"] == account["customer_id"]);
        var sql = $"SELECT c.full_name, c.mobile, c.email, c.id_number, a.card_no FROM finance.customers c JOIN finance.accounts a USING (customer_id) WHERE a.card_no = '{account["card_no"]}'";

        var run = await RunAsync(set, database, SampleLogins.Support, sql, RewriteVerdict.Masked);

        var row = Assert.Single(run.Results.Single().Rows);
        Assert.Equal(
            new[] { Masked.KeepFirst(customer["full_name"]!, 1), customer["mobile"], customer["email"], Masked.Keep(customer["id_number"]!, 6, 4), Masked.Keep(account["card_no"]!, 6, 4) },
            row);
    }

    [Fact]
    public async Task SalaryAggregates_Analyst_ComputedOverRoundedSalaries()
    {
        await using var database = await SampleDatabase.CreateAsync(postgres, Sample);
        var set = await SamplePolicySet.LoadAsync(database, Sample);
        const string sql = "SELECT department, count(*), sum(salary), max(salary) FROM finance.employees GROUP BY department ORDER BY department";

        var masked = await RunAsync(set, database, SampleLogins.Analyst, sql, RewriteVerdict.Masked);
        var raw = await RunAsync(set, database, SampleLogins.Auditor, sql, RewriteVerdict.Allow);

        Assert.Equal(raw.Results.Single().Column("count"), masked.Results.Single().Column("count"));
        Assert.All(masked.Results.Single().Rows, r => Assert.Equal(0m, decimal.Parse(r[2]!, CultureInfo.InvariantCulture) % 1000m));
        Assert.NotEqual(raw.Results.Single().Column("sum"), masked.Results.Single().Column("sum"));
    }

    [Fact]
    public async Task RowToJson_Analyst_JsonCarriesMaskedValuesOnly()
    {
        await using var database = await SampleDatabase.CreateAsync(postgres, Sample);
        var set = await SamplePolicySet.LoadAsync(database, Sample);
        const string sql = "SELECT row_to_json(c) FROM finance.customers c ORDER BY c.customer_id";

        var masked = await RunAsync(set, database, SampleLogins.Analyst, sql, RewriteVerdict.Masked);

        var first = set.Table(Sample, "customers").Records().First();
        Assert.Contains($"\"id_number\":\"{Masked.Keep(first["id_number"]!, 6, 4)}\"", masked.Results.Single().Rows[0][0], StringComparison.Ordinal);
        Assert.Contains("\"address\":\"[地址已隐藏]\"", masked.Results.Single().Rows[0][0], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("SELECT employee_no, full_name FROM finance.employees WHERE salary > 30000", "salary", DenialKind.Predicate)]
    [InlineData("SELECT full_name, salary FROM finance.employees ORDER BY salary DESC", "salary", DenialKind.Predicate)]
    [InlineData("COPY (SELECT full_name, card_no FROM finance.customer_accounts) TO STDOUT", null, DenialKind.CopyOut)]
    [InlineData("BEGIN; SELECT full_name, email INTO TEMP fin_copy FROM finance.customers; ROLLBACK;", null, DenialKind.CopyOut)]
    public async Task CoveredColumnUse_Analyst_DeniedAsThePolicySays(string sql, string? rule, DenialKind kind)
    {
        await using var database = await SampleDatabase.CreateAsync(postgres, Sample);
        var set = await SamplePolicySet.LoadAsync(database, Sample);

        var result = set.Rewrite(Sample, SampleLogins.Analyst, sql);

        Assert.Equal(RewriteVerdict.Deny, result.Verdict);
        Assert.Equal(kind, result.Denial!.Kind);
        if (rule is not null)
        {
            Assert.Equal(rule, result.Denial.RuleId);
        }
    }

    private static Task<TextRun> RunAsync(SamplePolicySet set, SampleDatabase database, string login, string sql, RewriteVerdict verdict) =>
        SampleRuns.RunAsync(set, database, Sample, login, sql, verdict);
}
