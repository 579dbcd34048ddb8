using System.Globalization;
using System.Text.RegularExpressions;
using Xunit;

namespace MaskingProxy.Proxy.Tests.Samples;

/// <summary>
/// The sample data is provably well-formed: every resident ID, mobile, bank card, e-mail and address in
/// the seed SQL passes the format's own checks, so masks and recognizers are exercised on realistic values.
/// </summary>
public sealed partial class SeedDataValidityTests
{
    /// <summary>Issuer by BIN for the card prefixes the sample uses (all real issuer prefixes).</summary>
    private static readonly Dictionary<string, string> s_issuers = new(StringComparer.Ordinal)
    {
        ["622202"] = "中国工商银行",
        ["621700"] = "中国建设银行",
        ["436742"] = "中国建设银行",
        ["622848"] = "中国农业银行",
        ["621661"] = "中国银行",
        ["622588"] = "招商银行",
        ["621483"] = "招商银行",
        ["622260"] = "交通银行",
    };

    private static readonly string[] s_cardColumns = ["card_no", "counterparty_card"];

    public static TheoryData<string> Seeds => [.. SampleFiles.Names];

    [Theory]
    [MemberData(nameof(Seeds))]
    public void ResidentIds_EverySeed_PassGb11643AndMatchTheirRow(string seed)
    {
        var checkedIds = 0;
        foreach (var table in Tables(seed).Where(t => t.HasColumn("id_number")))
        {
            foreach (var row in table.Records())
            {
                var id = row["id_number"]!;
                Assert.True(ChineseIdentifiers.ResidentIdProblem(id) is null, $"{table.QualifiedName}: {id}: {ChineseIdentifiers.ResidentIdProblem(id)}");
                if (row.TryGetValue("birth_date", out var birth))
                {
                    Assert.Equal(DateOnly.ParseExact(birth!, "yyyy-MM-dd", CultureInfo.InvariantCulture), ChineseIdentifiers.ResidentIdBirthDate(id));
                }

                if (row.TryGetValue("gender", out var gender))
                {
                    Assert.True(gender == ChineseIdentifiers.ResidentIdSex(id), $"{table.QualifiedName}: {id} encodes sex {ChineseIdentifiers.ResidentIdSex(id)}, row says {gender}");
                }

                checkedIds++;
            }
        }

        Assert.True(checkedIds >= 50, $"{seed}: only {checkedIds} resident IDs");
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Mobiles_EverySeed_ElevenDigitsWithMobilePrefix(string seed)
    {
        var mobiles = Tables(seed).Where(t => t.HasColumn("mobile")).SelectMany(t => t.Values("mobile")).ToList();

        Assert.True(mobiles.Count >= 50, $"{seed}: only {mobiles.Count} mobiles");
        Assert.All(mobiles, m => Assert.True(ChineseIdentifiers.IsMobile(m), $"not a mobile number: {m}"));
    }

    [Fact]
    public void BankCards_FinanceSeed_LuhnValidWithKnownIssuer()
    {
        var tables = Tables("finance");
        var cards = tables.SelectMany(t => s_cardColumns.Where(t.HasColumn).SelectMany(t.Values)).ToList();

        Assert.True(cards.Count >= 50, $"only {cards.Count} card numbers");
        Assert.All(cards, card =>
        {
            Assert.InRange(card.Length, 16, 19);
            Assert.True(ChineseIdentifiers.LuhnHolds(card), $"Luhn fails: {card}");
            Assert.True(s_issuers.ContainsKey(card[..6]), $"unknown BIN: {card}");
        });
        foreach (var account in tables.Single(t => t.Name == "accounts").Records())
        {
            Assert.Equal(s_issuers[account["card_no"]![..6]], account["bank_name"]);
        }
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void EmailsAndAddresses_EverySeed_WellFormed(string seed)
    {
        var tables = Tables(seed);
        var emails = tables.Where(t => t.HasColumn("email")).SelectMany(t => t.Values("email")).ToList();
        var addresses = tables.Where(t => t.HasColumn("address")).SelectMany(t => t.Values("address")).ToList();

        Assert.NotEmpty(emails);
        Assert.All(emails, e => Assert.Matches(EmailShape(), e));
        Assert.True(addresses.Count >= 50, $"{seed}: only {addresses.Count} addresses");
        Assert.All(addresses, a => Assert.Matches(AddressShape(), a));
    }

    [Fact]
    public void IdentifyingValues_BothSeeds_UniqueAcrossDataSets()
    {
        var tables = SampleFiles.Names.SelectMany(Tables).ToList();
        foreach (var column in new[] { "id_number", "mobile", "email", "card_no" })
        {
            var values = tables.Where(t => t.HasColumn(column)).SelectMany(t => t.Values(column)).ToList();
            var duplicates = values.GroupBy(v => v, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
            Assert.True(duplicates.Count == 0, $"duplicate {column}: {string.Join(", ", duplicates)}");
        }
    }

    [Fact]
    public void PatientNames_HealthcareSeed_IncludeCompoundSurnamesAndDottedNames()
    {
        var names = Tables("healthcare").Single(t => t.Name == "patients").Values("full_name").ToList();

        Assert.True(names.Count >= 50, $"only {names.Count} patients");
        foreach (var surname in new[] { "欧阳", "司马", "诸葛" })
        {
            Assert.Contains(names, n => n.StartsWith(surname, StringComparison.Ordinal));
        }

        Assert.Contains(names, n => n.Contains('·', StringComparison.Ordinal));
    }

    [Fact]
    public void Customers_FinanceSeed_AtLeastFifty() =>
        Assert.True(Tables("finance").Single(t => t.Name == "customers").Rows.Count >= 50);

    private static IReadOnlyList<SeedTable> Tables(string seed)
    {
        var tables = SeedSqlReader.ReadFile(SampleFiles.SeedPath(seed));
        Assert.NotEmpty(tables);
        return tables;
    }

    [GeneratedRegex("^[a-z0-9._]+@([a-z0-9-]+\\.)+[a-z]{2,}$")]
    private static partial Regex EmailShape();

    // Province, autonomous region or municipality; then city (or the municipality's district); a street
    // and house number; detail after it.
    [GeneratedRegex("^(\\p{IsCJKUnifiedIdeographs}{2,3}省\\p{IsCJKUnifiedIdeographs}{2,4}市|\\p{IsCJKUnifiedIdeographs}{2,6}自治区\\p{IsCJKUnifiedIdeographs}{2,5}市|(北京|天津|上海|重庆)市)\\p{IsCJKUnifiedIdeographs}{1,4}区\\p{IsCJKUnifiedIdeographs}{2,8}[0-9]+号.+$")]
    private static partial Regex AddressShape();
}
