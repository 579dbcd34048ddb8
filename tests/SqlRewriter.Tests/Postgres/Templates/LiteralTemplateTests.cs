using MaskingProxy.SqlRewriter.Postgres.Ast;
using MaskingProxy.SqlRewriter.Postgres.Interop;
using MaskingProxy.SqlRewriter.Postgres.Templates;
using Xunit;

namespace MaskingProxy.SqlRewriter.Tests.Postgres.Templates;

public sealed class LiteralTemplateTests
{
    [Theory]
    [InlineData("SELECT abalance FROM pgbench_accounts WHERE aid = 123;", "SELECT abalance FROM pgbench_accounts WHERE aid = $1;")]
    [InlineData("select * from t where a = 'x' and b >= 2.5e3 limit 10 offset 5", "select * from t where a = $1 and b >= $2 limit $3 offset $4")]
    [InlineData("SELECT f(1, 'a') FROM t WHERE id IN (1, 2, 3)", "SELECT f($1, $2) FROM t WHERE id IN ($3, $4, $5)")]
    [InlineData("INSERT INTO t VALUES (1, 'it''s')", "INSERT INTO t VALUES ($1, $2)")]
    [InlineData("SELECT a FROM t ORDER BY 2, 1", null)]
    [InlineData("SELECT a, count(*) FROM t GROUP BY 1", null)]
    [InlineData("SELECT DISTINCT ON (2) a, b FROM t", null)]
    [InlineData("SELECT a FROM t GROUP BY GROUPING SETS ((1), (2))", null)]
    [InlineData("SELECT 1", null)]
    [InlineData("SELECT a FROM t ORDER BY a + 1", "SELECT a FROM t ORDER BY a + $1")]
    [InlineData("SELECT a FROM t WHERE a=-5", "SELECT a FROM t WHERE a=-$1")]
    [InlineData("SELECT \"it's\" FROM t /* 'x' /* nested 'y' */ */ WHERE a = 'z' -- 'w'", "SELECT \"it's\" FROM t /* 'x' /* nested 'y' */ */ WHERE a = $1 -- 'w'")]
    [InlineData("SELECT a FROM t1 WHERE t1.a = 1", "SELECT a FROM t1 WHERE t1.a = $1")]
    public void TryCreate_Text_ReplacesOnlyValueLiterals(string sql, string? expected)
    {
        var template = LiteralTemplate.TryCreate(sql);
        Assert.Equal(expected, template?.Text);
        if (template is not null)
        {
            Assert.Equal(sql, template.Instantiate(template.Text));
        }
    }

    [Theory]
    [InlineData("SELECT E'\\x41' FROM t WHERE a = 1")]
    [InlineData("SELECT U&'\\0041' FROM t WHERE a = 1")]
    [InlineData("SELECT a FROM t WHERE a = $1")]
    [InlineData("SELECT $$x$$ FROM t WHERE a = 1")]
    [InlineData("SELECT a FROM t WHERE a = 'unterminated")]
    [InlineData("SELECT a FROM t WHERE a = 1 /* unterminated")]
    [InlineData("SELECT a FROM t WHERE a = 0x1F")]
    [InlineData("SELECT a FROM t WHERE a = 1)")]
    public void TryCreate_IneligibleText_ReturnsNull(string sql) => Assert.Null(LiteralTemplate.TryCreate(sql));

    [Fact]
    public void Instantiate_RewrittenTextWithQuotedPlaceholderLookalikes_ReplacesOnlyTokens()
    {
        var template = LiteralTemplate.TryCreate("SELECT a FROM t WHERE b = 'v' AND c = 7")!;
        var rewritten = "SELECT a FROM (SELECT 'keep $1' AS a, E'\\'$2' AS x, $q$ $1 $q$ AS y, b, c FROM t) t WHERE b = $1 AND c = $2 /* $1 */";
        Assert.Equal("SELECT a FROM (SELECT 'keep $1' AS a, E'\\'$2' AS x, $q$ $1 $q$ AS y, b, c FROM t) t WHERE b = 'v' AND c = 7 /* $1 */", template.Instantiate(rewritten));
    }

    [Fact]
    public void Instantiate_UnknownPlaceholder_Throws()
    {
        var template = LiteralTemplate.TryCreate("SELECT a FROM t WHERE b = 1")!;
        Assert.Throws<InvalidOperationException>(() => template.Instantiate("SELECT $2"));
    }

    [Theory]
    [InlineData("SELECT a FROM t WHERE b = 12345; SELECT c FROM u WHERE d = 'xyz'")]
    public void ToOriginal_PositionsAfterLiterals_MapBack(string sql)
    {
        var template = LiteralTemplate.TryCreate(sql)!;
        var second = template.Text.IndexOf("SELECT c", StringComparison.Ordinal);
        Assert.Equal(sql.IndexOf("SELECT c", StringComparison.Ordinal), template.ToOriginal(second));
        Assert.Equal(sql.Length, template.ToOriginal(template.Text.Length));
        Assert.Equal(sql.IndexOf("12345", StringComparison.Ordinal), template.ToOriginal(template.Text.IndexOf("$1", StringComparison.Ordinal)));
    }

    [Fact]
    public void ToOriginal_MoreThanHundredThousandPlaceholders_MapsBack()
    {
        // Placeholders from $100000 on have six digits: positions after them must still map back.
        const int count = 100_010;
        string sql = "SELECT a FROM t WHERE a IN (" + string.Join(",", Enumerable.Repeat("7", count)) + ") AND b = 'end' AND c = 1";
        var template = LiteralTemplate.TryCreate(sql)!;

        Assert.Equal(sql.IndexOf("'end'", StringComparison.Ordinal), template.ToOriginal(template.Text.IndexOf("$100011", StringComparison.Ordinal)));
        Assert.Equal(sql.IndexOf(" AND c", StringComparison.Ordinal), template.ToOriginal(template.Text.IndexOf(" AND c", StringComparison.Ordinal)));
        Assert.Equal(sql.Length, template.ToOriginal(template.Text.Length));
        Assert.Equal(sql, template.Instantiate(template.Text));
    }

    [Fact]
    public void TryCreate_NoBreakSpaceBeforeDigit_ReadsIdentifierLikePostgres()
    {
        // PostgreSQL treats every character from U+0080 on as a letter: "\u00A05" is one identifier, not
        // white space and the number 5, so it is not a literal to replace.
        const string sql = "SELECT a FROM t WHERE a = \u00A05 AND b = 'x'";
        Assert.Contains(PgQuery.Scan(sql), t => t.Kind == Token.Ident && t.GetText(sql) == "\u00A05");

        Assert.Equal("SELECT a FROM t WHERE a = \u00A05 AND b = $1", LiteralTemplate.TryCreate(sql)?.Text);
    }

    [Fact]
    public void TryCreate_StringGluedToNonAsciiWord_IsIneligible()
    {
        // "\u00A0'x'" is the identifier U+00A0 followed by a string (type 'literal' syntax), not a plain value.
        Assert.Null(LiteralTemplate.TryCreate("SELECT a FROM t WHERE a = \u00A0'x'"));
    }
}
