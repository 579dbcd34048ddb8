using System.Globalization;
using MaskingProxy.SqlRewriter.Postgres.Templates;
using Xunit;

namespace MaskingProxy.SqlRewriter.Tests.Postgres.Templates;

/// <summary>
/// A template found by matching a known shape must be exactly the template the server's lexer gives
/// (<see cref="LiteralTemplate.TryCreate"/>); anything the match cannot vouch for goes to the lexer.
/// </summary>
public sealed class LiteralTemplateCacheTests
{
    private static readonly string[] Shapes =
    [
        "SELECT abalance FROM pgbench_accounts WHERE aid = {0};",
        "select * from t where a = {1} and b >= {0} limit {0} offset {0}",
        "SELECT f({0}, {1}) FROM t WHERE id IN ({0}, {0}, {0}) ORDER BY 2",
        "SELECT a FROM t /* 'x' */ WHERE b = {1} -- 5 '\n AND c<{0}",
        "UPDATE t SET a = {1}, b = {0} WHERE c = {1}",
    ];

    private static readonly string[] Numbers = ["0", "7", "123456789012", "2147483648", "1.5", "10.", "3e5", "2.5E-3", "00042"];

    private static readonly string[] Strings = ["''", "'x'", "'it''s'", "'a b\nc'", "'中文'", "'--'", "'/*'", "'\\'", "'\"q\"'"];

    /// <summary>Every text of every shape, with constants drawn from the lists above.</summary>
    public static TheoryData<string> Variants() => [.. VariantTexts().Distinct()];

    private static List<string> VariantTexts()
    {
        var random = new Random(20261121);
        var data = new List<string>();
        foreach (var shape in Shapes)
        {
            for (var i = 0; i < 12; i++)
            {
                var text = shape;
                while (text.Contains("{0}", StringComparison.Ordinal) || text.Contains("{1}", StringComparison.Ordinal))
                {
                    var numberAt = text.IndexOf("{0}", StringComparison.Ordinal);
                    var stringAt = text.IndexOf("{1}", StringComparison.Ordinal);
                    var first = numberAt < 0 ? stringAt : stringAt < 0 ? numberAt : Math.Min(numberAt, stringAt);
                    var value = first == numberAt ? Numbers[random.Next(Numbers.Length)] : Strings[random.Next(Strings.Length)];
                    text = string.Concat(text.AsSpan(0, first), value, text.AsSpan(first + 3));
                }
                data.Add(text);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void TryMatch_SameShapeOtherConstants_MatchesAsTheLexerScans(string sql)
    {
        var teacher = Shapes.Select(shape => LiteralTemplate.TryCreate(string.Format(CultureInfo.InvariantCulture, shape, "7", "'x'"))!)
            .Single(t => t.TryMatch(sql) is not null);

        var matched = teacher.TryMatch(sql)!;
        var scanned = LiteralTemplate.TryCreate(sql)!;

        Assert.Same(teacher.Text, matched.Text);
        Assert.Equal(scanned.Text, matched.Text);
        Assert.Equal(sql, matched.Instantiate(matched.Text));
        Assert.Equal(scanned.TryParameterize(scanned.Text)?.Values, matched.TryParameterize(matched.Text)?.Values);
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void TryCreate_SameShapeOtherConstants_SameTemplateAsTheLexer(string sql)
    {
        var cache = new LiteralTemplateCache();
        // Teach the cache the shape with a different text of it first.
        foreach (var other in VariantTexts().Where(v => !string.Equals(v, sql, StringComparison.Ordinal)))
        {
            cache.TryCreate(other);
        }

        var matched = cache.TryCreate(sql);
        var scanned = LiteralTemplate.TryCreate(sql);

        Assert.Equal(scanned?.Text, matched?.Text);
        if (scanned is not null)
        {
            Assert.Equal(sql, matched!.Instantiate(matched.Text));
            Assert.Equal(scanned.TryParameterize(scanned.Text)?.Values, matched.TryParameterize(matched.Text)?.Values);
        }
    }

    [Theory]
    [InlineData("SELECT a FROM t WHERE b = 5abc")]
    [InlineData("SELECT a FROM t WHERE b = 5.5.5")]
    [InlineData("SELECT a FROM t WHERE b = 5e")]
    [InlineData("SELECT a FROM t WHERE b = 5_000")]
    [InlineData("SELECT a FROM t WHERE b = 5é")]
    [InlineData("SELECT a FROM t WHERE b = 5$1")]
    [InlineData("SELECT a FROM t WHERE b = 'x'")]
    [InlineData("SELECT a FROM t WHERE b = .5")]
    [InlineData("SELECT a FROM t WHERE b = 5 ")]
    [InlineData("SELECT a FROM t WHERE b = -5")]
    public void TryMatch_NotPlainlyTheSameShape_Null(string sql)
    {
        var known = LiteralTemplate.TryCreate("SELECT a FROM t WHERE b = 17")!;

        Assert.Null(known.TryMatch(sql));
    }

    [Theory]
    [InlineData("SELECT a FROM t WHERE b = 'x' AND c = 'y'", "SELECT a FROM t WHERE b = 'x'\n'z' AND c = 'y'")]
    [InlineData("SELECT a FROM t WHERE b = 'x' AND c = 'y'", "SELECT a FROM t WHERE b = 'x' AND c = 'y")]
    [InlineData("SELECT a FROM t WHERE b = 'x' AND c = 'y'", "SELECT a FROM t WHERE b = 'x'' AND c = ''y'")]
    public void TryMatch_StringsThatEndElsewhere_NullOrLexerAgrees(string known, string sql)
    {
        var template = LiteralTemplate.TryCreate(known)!;

        var matched = template.TryMatch(sql);

        Assert.Equal(LiteralTemplate.TryCreate(sql)?.Text, matched?.Text ?? LiteralTemplate.TryCreate(sql)?.Text);
        if (matched is not null)
        {
            Assert.Equal(sql, matched.Instantiate(matched.Text));
        }
    }

    [Fact]
    public void TryMatch_CommentWithOtherNumber_Null() =>
        Assert.Null(LiteralTemplate.TryCreate("SELECT a FROM t WHERE b = 1 -- 5")!.TryMatch("SELECT a FROM t WHERE b = 1 -- 6"));

    [Fact]
    public void TryCreate_ShapeSeenBefore_SharesTheTemplateText()
    {
        var cache = new LiteralTemplateCache();

        var first = cache.TryCreate("SELECT a FROM t WHERE b = 1")!;
        var second = cache.TryCreate("SELECT a FROM t WHERE b = " + int.MaxValue.ToString(CultureInfo.InvariantCulture))!;

        Assert.Same(first.Text, second.Text);
        Assert.Equal("SELECT a FROM t WHERE b = 2147483647", second.Instantiate(second.Text));
    }

    [Fact]
    public void ShapeKey_ConstantsDiffer_SameKey() =>
        Assert.Equal(
            LiteralTemplateCache.ShapeKey("SELECT a FROM t WHERE b = 1 AND c = 'x'"),
            LiteralTemplateCache.ShapeKey("SELECT a FROM t WHERE b = 12.5 AND c = 'it''s'"));
}
