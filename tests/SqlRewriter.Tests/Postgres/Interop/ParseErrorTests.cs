using MaskingProxy.SqlRewriter.Postgres.Ast;
using MaskingProxy.SqlRewriter.Postgres.Interop;
using Xunit;

namespace MaskingProxy.SqlRewriter.Tests.Postgres.Interop;

public class ParseErrorTests
{
    [Theory]
    [InlineData("SELECT a FROM WHERE x")]
    [InlineData("SELECT 'é中文' FROM WHERE x")] // 2- and 3-byte UTF-8 characters before the error
    [InlineData("SELECT '😀😀' FROM WHERE x")]  // surrogate pairs (4-byte UTF-8, 2 UTF-16 units)
    public void Syntax_error_position_is_a_string_index(string sql)
    {
        Assert.False(PgQuery.TryParse(sql, out ParseResult? result, out PgParseError? error));
        Assert.Null(result);
        Assert.Equal(PgParseErrorKind.Syntax, error.Kind);
        Assert.Equal("syntax error at or near \"WHERE\"", error.Message);
        Assert.Equal(sql.IndexOf("WHERE", StringComparison.Ordinal), error.Position);
        Assert.Equal("scanner_yyerror", error.FunctionName);
    }

    [Fact]
    public void Error_at_end_of_input_points_past_the_text()
    {
        PgQueryException ex = Assert.Throws<PgQueryException>(() => PgQuery.Parse("SELECT 1 +"));
        Assert.Equal("syntax error at end of input", ex.Error.Message);
        Assert.Equal(10, ex.Error.Position);
    }

    [Fact]
    public void Unterminated_literal_is_reported_with_its_start()
    {
        PgQueryException ex = Assert.Throws<PgQueryException>(() => PgQuery.Parse("SELECT 1, '中 unterminated"));
        Assert.StartsWith("unterminated quoted string", ex.Error.Message, StringComparison.Ordinal);
        Assert.Equal(10, ex.Error.Position);
    }

    [Fact]
    public void Exception_message_includes_kind_message_and_position()
    {
        PgQueryException ex = Assert.Throws<PgQueryException>(() => PgQuery.Parse("SELEC 1"));
        Assert.Equal("Syntax: syntax error at or near \"SELEC\" (at position 0)", ex.Message);
    }

    [Fact]
    public void Session_state_after_an_error_is_clean()
    {
        // libpg_query longjmps out of the parser on errors; the next call on the same thread must work.
        for (int i = 0; i < 50; i++)
        {
            Assert.False(PgQuery.TryParse("SELECT (", out _, out _));
            Assert.Single(PgQuery.Parse("SELECT 1").Stmts);
        }
    }
}
