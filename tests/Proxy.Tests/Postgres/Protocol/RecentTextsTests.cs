using System.Text;
using MaskingProxy.Proxy.Postgres.Protocol;
using Xunit;

namespace MaskingProxy.Proxy.Tests.Postgres.Protocol;

public sealed class RecentTextsTests
{
    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    [Fact]
    public void Decode_SameBytesAgain_SameStringInstance()
    {
        var recent = new RecentTexts();

        var first = recent.Decode(Utf8("SELECT abalance FROM pgbench_accounts WHERE aid = $1"));
        var second = recent.Decode(Utf8("SELECT abalance FROM pgbench_accounts WHERE aid = $1"));

        Assert.Same(first, second);
    }

    [Fact]
    public void Decode_SameLengthDifferentBytes_DecodesEach()
    {
        var recent = new RecentTexts();

        var a = recent.Decode(Utf8("SELECT 1"));
        var b = recent.Decode(Utf8("SELECT 2"));

        Assert.Equal("SELECT 1", a);
        Assert.Equal("SELECT 2", b);
    }

    [Fact]
    public void Decode_MultibyteText_RoundTrips()
    {
        var recent = new RecentTexts();

        Assert.Equal("SELECT '张三'", recent.Decode(Utf8("SELECT '张三'")));
        Assert.Equal("SELECT '张三'", recent.Decode(Utf8("SELECT '张三'")));
    }

    [Fact]
    public void Decode_MoreTextsThanSlots_OldestForgottenButStillCorrect()
    {
        var recent = new RecentTexts();
        var first = recent.Decode(Utf8("SELECT 0"));
        for (var i = 1; i <= 8; i++)
        {
            recent.Decode(Utf8($"SELECT {i}"));
        }

        var again = recent.Decode(Utf8("SELECT 0"));

        Assert.Equal(first, again);
        Assert.NotSame(first, again);
    }

    [Fact]
    public void Decode_LongText_NotRemembered()
    {
        var recent = new RecentTexts();
        var text = "SELECT '" + new string('x', 5000) + "'";

        var first = recent.Decode(Utf8(text));
        var second = recent.Decode(Utf8(text));

        Assert.Equal(text, second);
        Assert.NotSame(first, second);
    }

    [Fact]
    public void Decode_Empty_EmptyString() => Assert.Same(string.Empty, new RecentTexts().Decode([]));
}
