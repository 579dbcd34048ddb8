using MaskingProxy.SqlRewriter.Postgres.Interop;
using Xunit;

namespace MaskingProxy.SqlRewriter.Tests.Postgres.Interop;

public class SplitTests
{
    private static string[] Texts(string sql, PgSplitMode mode) =>
        PgQuery.Split(sql, mode).Select(r => r.GetText(sql)).ToArray();

    [Theory]
    [InlineData(PgSplitMode.Parser)]
    [InlineData(PgSplitMode.Scanner)]
    public void Semicolons_inside_strings_comments_and_dollar_quotes_do_not_split(PgSplitMode mode)
    {
        const string sql = "SELECT 'a;b', E'c\\';d' /* e; */ -- f;\n; SELECT $$g;h$$, $t$i;j$t$; SELECT \"k;l\" FROM t";
        Assert.Equal(
            new[] { "SELECT 'a;b', E'c\\';d' /* e; */ -- f;\n", " SELECT $$g;h$$, $t$i;j$t$", " SELECT \"k;l\" FROM t" },
            Texts(sql, mode));
    }

    [Fact]
    public void Empty_statements_and_trailing_whitespace_are_skipped()
    {
        const string sql = "  -- lead\nSELECT 1 ; ;; SELECT 2;  \n";
        Assert.Equal(new[] { "  -- lead\nSELECT 1 ", " SELECT 2" }, Texts(sql, PgSplitMode.Parser));
    }

    [Fact]
    public void Ranges_are_string_indices_with_cjk_text()
    {
        const string sql = "SELECT '中文;字' AS \"列;名\"; SELECT '😀' -- 尾";
        IReadOnlyList<PgStatementRange> ranges = PgQuery.Split(sql);

        Assert.Equal(2, ranges.Count);
        Assert.Equal("SELECT '中文;字' AS \"列;名\"", ranges[0].GetText(sql));
        Assert.Equal(" SELECT '😀' -- 尾", ranges[1].GetText(sql));

        // The raw byte offsets are kept for callers that work on the wire bytes.
        Assert.Equal(0, ranges[0].ByteStart);
        Assert.Equal(System.Text.Encoding.UTF8.GetByteCount("SELECT '中文;字' AS \"列;名\""), ranges[0].ByteLength);
        Assert.Equal(ranges[0].ByteLength + 1, ranges[1].ByteStart);
        Assert.Equal(System.Text.Encoding.UTF8.GetByteCount(" SELECT '😀' -- 尾"), ranges[1].ByteLength);
    }

    [Fact]
    public void Parser_keeps_rule_actions_together()
    {
        const string sql = "CREATE RULE r AS ON INSERT TO t DO ALSO (SELECT 1; SELECT 2); SELECT 3";
        Assert.Equal(
            new[] { "CREATE RULE r AS ON INSERT TO t DO ALSO (SELECT 1; SELECT 2)", " SELECT 3" },
            Texts(sql, PgSplitMode.Parser));
    }

    [Fact]
    public void Parser_mode_fails_on_syntax_errors()
    {
        PgQueryException ex = Assert.Throws<PgQueryException>(() => PgQuery.Split("SELEC 1; SELECT 2"));
        Assert.Equal(PgParseErrorKind.Syntax, ex.Error.Kind);
        Assert.Equal(0, ex.Error.Position);
    }

    [Fact]
    public void Scanner_mode_silently_drops_statements_without_keywords()
    {
        // libpg_query's scanner splitter only reports statements containing a keyword token. This is why
        // PgSplitMode.Scanner must never be used for security decisions: text would go unexamined.
        Assert.Equal(new[] { " SELECT 2" }, Texts("SELEC 1; SELECT 2", PgSplitMode.Scanner));
    }

    [Fact]
    public void Split_matches_parse()
    {
        const string sql = "SELECT 1; INSERT INTO t VALUES ('x;y'); DO $$ BEGIN PERFORM 1; END $$; COMMIT";
        Assert.Equal(PgQuery.Parse(sql).Stmts.Count, PgQuery.Split(sql).Count);
    }
}
