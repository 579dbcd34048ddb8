using System.Globalization;
using MaskingProxy.Proxy.Tests.Infrastructure;
using MaskingProxy.Proxy.Tests.Samples;
using Npgsql;
using Xunit;
using Xunit.Abstractions;

namespace MaskingProxy.Proxy.Tests.Oracle;

/// <summary>
/// <c>predicates: allow</c> through the proxy: analyst looks rows up by the raw resident ID or card
/// number (as a literal, and as a bound parameter the statement text never shows) and gets exactly the
/// seed's matching rows, with the looked-up column itself still masked in the result.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PredicateAllowLookupTests(PostgresServer postgres, OracleFixture fixture, ITestOutputHelper output) : IClassFixture<OracleFixture>
{
    private const string Login = SampleLogins.Analyst;

    [Theory]
    [InlineData(ResultFormat.Text, false)]
    [InlineData(ResultFormat.Text, true)]
    [InlineData(ResultFormat.Binary, false)]
    [InlineData(ResultFormat.Binary, true)]
    public async Task PatientByResidentId_Analyst_RightPatientMaskedOutput(ResultFormat format, bool parameter)
    {
        var environment = await fixture.GetAsync(postgres);
        var patients = environment.Samples.Table("healthcare", "patients").Records().ToList();

        foreach (var patient in Sample(patients))
        {
            var rows = await LookupAsync(environment, "healthcare", "SELECT patient_id, full_name, id_number FROM healthcare.patients WHERE id_number = {0}", patient["id_number"]!, format, parameter);

            var row = Assert.Single(rows);
            Assert.Equal(new[] { patient["patient_id"], Masked.KeepFirst(patient["full_name"]!, 1), Masked.Keep(patient["id_number"]!, 6, 4) }, row);
        }

        output.WriteLine($"{Sample(patients).Count()} patients found by resident ID ({format}, {(parameter ? "parameter" : "literal")})");
    }

    [Theory]
    [InlineData(ResultFormat.Text, false)]
    [InlineData(ResultFormat.Binary, true)]
    public async Task CustomerByResidentId_Analyst_RightCustomerMaskedOutput(ResultFormat format, bool parameter)
    {
        var environment = await fixture.GetAsync(postgres);
        var customers = environment.Samples.Table("finance", "customers").Records().ToList();

        foreach (var customer in Sample(customers))
        {
            var rows = await LookupAsync(environment, "finance", "SELECT customer_id, full_name, id_number, address FROM finance.customers WHERE id_number = {0}", customer["id_number"]!, format, parameter);

            var row = Assert.Single(rows);
            Assert.Equal(new[] { customer["customer_id"], Masked.KeepFirst(customer["full_name"]!, 1), Masked.Keep(customer["id_number"]!, 6, 4), "[地址已隐藏]" }, row);
        }
    }

    [Theory]
    [InlineData(ResultFormat.Text, false)]
    [InlineData(ResultFormat.Binary, true)]
    public async Task AccountByCardNumber_Analyst_RightAccountMaskedCard(ResultFormat format, bool parameter)
    {
        var environment = await fixture.GetAsync(postgres);
        var accounts = environment.Samples.Table("finance", "accounts").Records().ToList();

        foreach (var account in Sample(accounts))
        {
            var rows = await LookupAsync(environment, "finance", "SELECT account_id, customer_id, card_no FROM finance.accounts WHERE card_no = {0}", account["card_no"]!, format, parameter);

            var row = Assert.Single(rows);
            Assert.Equal(new[] { account["account_id"], account["customer_id"], Masked.Keep(account["card_no"]!, 6, 4) }, row);
        }
    }

    [Theory]
    [InlineData(ResultFormat.Text, false)]
    [InlineData(ResultFormat.Binary, true)]
    public async Task TransactionsByCounterpartyCard_Analyst_EveryMatchingTransaction(ResultFormat format, bool parameter)
    {
        var environment = await fixture.GetAsync(postgres);
        var transactions = environment.Samples.Table("finance", "transactions").Records().Where(t => t["counterparty_card"] is not null).ToList();
        var cards = transactions.Select(t => t["counterparty_card"]!).Distinct(StringComparer.Ordinal).ToList();

        foreach (var card in Sample(cards))
        {
            var rows = await LookupAsync(environment, "finance", "SELECT txn_id, counterparty_card FROM finance.transactions WHERE counterparty_card = {0} ORDER BY txn_id", card, format, parameter);

            var expected = transactions.Where(t => t["counterparty_card"] == card).Select(t => long.Parse(t["txn_id"]!, CultureInfo.InvariantCulture)).Order();
            Assert.Equal(expected, rows.Select(r => long.Parse(r[0]!, CultureInfo.InvariantCulture)));
            Assert.All(rows, r => Assert.Equal(Masked.Keep(card, 6, 4), r[1]));
        }
    }

    [Fact]
    public async Task PatientsByResidentIdList_Analyst_ExactlyTheListedPatients()
    {
        var environment = await fixture.GetAsync(postgres);
        var patients = environment.Samples.Table("healthcare", "patients").Records().Take(4).ToList();
        var sql = "SELECT patient_id FROM healthcare.patients WHERE id_number IN (" + string.Join(", ", patients.Select(p => $"'{p["id_number"]}'")) + ") ORDER BY patient_id";

        var result = await NpgsqlBlockRunner.RunAsync(environment.ProxyConnectionString("healthcare", Login), sql, ResultFormat.Text);

        Assert.Null(result.ErrorMessage);
        Assert.Equal(patients.Select(p => p["patient_id"]).Order(), result.Results.Single().Rows.Select(r => r[0]).Order());
    }

    /// <summary>Every seventh record: spread over the table, fast enough for one session per lookup.</summary>
    private static IEnumerable<T> Sample<T>(IReadOnlyList<T> records) => records.Where((_, i) => i % 7 == 0);

    /// <summary>
    /// Runs <paramref name="sqlFormat"/> with the raw key as a literal or as parameter @key, returns the
    /// rows as text, and checks that the raw key never comes back unless the statement text spells it.
    /// </summary>
    private static async Task<List<string?[]>> LookupAsync(OracleEnvironment environment, string policy, string sqlFormat, string key, ResultFormat format, bool parameter)
    {
        var sql = string.Format(CultureInfo.InvariantCulture, sqlFormat, parameter ? "@key" : $"'{key}'");
        await using var connection = new NpgsqlConnection(environment.ProxyConnectionString(policy, Login));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection) { AllResultTypesAreUnknown = format == ResultFormat.Text };
        if (parameter)
        {
            command.Parameters.AddWithValue("key", key);
        }

        var rows = new List<string?[]>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                rows.Add(Enumerable.Range(0, reader.FieldCount)
                    .Select(i => reader.IsDBNull(i) ? null : format == ResultFormat.Text ? reader.GetString(i) : CellText.Format(reader.GetValue(i)))
                    .ToArray());
            }
        }

        Assert.DoesNotContain(rows.SelectMany(r => r), cell => cell is not null && cell.Contains(key, StringComparison.Ordinal));
        return rows;
    }
}
