using MaskingProxy.SqlRewriter.Masks;
using Xunit;

namespace MaskingProxy.SqlRewriter.Tests.Masks;

public class SqlLiteralTests
{
    [Theory]
    [InlineData("", "''")]
    [InlineData("plain", "'plain'")]
    [InlineData("it's", "'it''s'")]
    [InlineData("\\", "$m$\\$m$")]
    [InlineData("$m$\\", "$m1$$m$\\$m1$")]
    [InlineData("\\$m", "$m1$\\$m$m1$")]
    public void Quote(string value, string expected)
    {
        Assert.Equal(expected, SqlLiteral.Quote(value));
    }

    [Fact]
    public void Nul_is_refused()
    {
        Assert.Throws<ArgumentException>(() => SqlLiteral.Quote("a\0b"));
    }

    [Theory]
    [InlineData("1000", "1000")]
    [InlineData("0.25", "0.25")]
    [InlineData("-5", "(-5)")]
    [InlineData("1E+3", "1000")]
    public void Number(string value, string expected)
    {
        decimal d = decimal.Parse(value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(expected, SqlLiteral.Number(d));
    }
}
