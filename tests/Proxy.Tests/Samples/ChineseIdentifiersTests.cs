using Xunit;

namespace MaskingProxy.Proxy.Tests.Samples;

/// <summary>The validity checks themselves, against the known answers in REFERENCE.md and textbook vectors.</summary>
public sealed class ChineseIdentifiersTests
{
    [Theory]
    [InlineData("11010519491231002X")]
    [InlineData("110101199003071233")]
    public void ResidentIdProblem_ReferenceExamples_Valid(string id) => Assert.Null(ChineseIdentifiers.ResidentIdProblem(id));

    [Theory]
    [InlineData("110105194912310021", "check character")]
    [InlineData("110101199003071234", "check character")]
    [InlineData("990101199003071233", "area code")]
    [InlineData("110101199002301233", "birth date")]
    [InlineData("11010119900307123", "17 digits")]
    [InlineData("1101011990030712x3", "17 digits")]
    public void ResidentIdProblem_Broken_NamesTheProblem(string id, string problem) =>
        Assert.Contains(problem, ChineseIdentifiers.ResidentIdProblem(id), StringComparison.Ordinal);

    [Fact]
    public void ResidentIdCheckCharacter_ReferenceExample_IsX() =>
        Assert.Equal('X', ChineseIdentifiers.ResidentIdCheckCharacter("11010519491231002"));

    [Fact]
    public void ResidentIdBirthDateAndSex_ReferenceExample_Decoded()
    {
        Assert.Equal(new DateOnly(1949, 12, 31), ChineseIdentifiers.ResidentIdBirthDate("11010519491231002X"));
        Assert.Equal("F", ChineseIdentifiers.ResidentIdSex("11010519491231002X"));
        Assert.Equal("M", ChineseIdentifiers.ResidentIdSex("110101199003071233"));
    }

    [Theory]
    [InlineData("4111111111111111", true)]
    [InlineData("79927398713", true)]
    [InlineData("79927398710", false)]
    [InlineData("4111111111111112", false)]
    [InlineData("41111111111a1111", false)]
    public void LuhnHolds_KnownNumbers_Expected(string number, bool valid) => Assert.Equal(valid, ChineseIdentifiers.LuhnHolds(number));

    [Theory]
    [InlineData("13812345678", true)]
    [InlineData("19912345678", true)]
    [InlineData("15412345678", false)]
    [InlineData("12812345678", false)]
    [InlineData("1381234567", false)]
    [InlineData("+8613812345678", false)]
    public void IsMobile_Numbers_Expected(string number, bool valid) => Assert.Equal(valid, ChineseIdentifiers.IsMobile(number));
}
