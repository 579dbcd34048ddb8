using MaskingProxy.SqlRewriter.Postgres.Ast;
using MaskingProxy.SqlRewriter.Postgres.Interop;
using Xunit;

namespace MaskingProxy.SqlRewriter.Tests.Postgres.Interop;

public class ScanFingerprintPlpgsqlTests
{
    [Fact]
    public void Scan_reports_tokens_and_comments_at_string_indices()
    {
        const string sql = "SELECT '中' /* c */ -- x\n, \"Ab\" FROM t";
        IReadOnlyList<PgToken> tokens = PgQuery.Scan(sql);

        Assert.Equal(
            new[] { Token.Select, Token.Sconst, Token.CComment, Token.SqlComment, Token.Ascii44, Token.Ident, Token.From, Token.Ident },
            tokens.Select(t => t.Kind).ToArray());
        Assert.Equal(
            new[] { "SELECT", "'中'", "/* c */", "-- x", ",", "\"Ab\"", "FROM", "t" },
            tokens.Select(t => t.GetText(sql)).ToArray());
        Assert.Equal(KeywordKind.ReservedKeyword, tokens[0].KeywordKind);
    }

    [Fact]
    public void Scan_of_unterminated_comment_fails()
    {
        PgQueryException ex = Assert.Throws<PgQueryException>(() => PgQuery.Scan("SELECT 1 /* open"));
        Assert.Equal(PgParseErrorKind.Syntax, ex.Error.Kind);
    }

    [Fact]
    public void Fingerprint_ignores_literal_values_but_not_structure()
    {
        PgFingerprint a = PgQuery.Fingerprint("SELECT * FROM patients WHERE id_card = '1'");
        PgFingerprint b = PgQuery.Fingerprint("select *   from patients where id_card = 'other' -- c");
        PgFingerprint c = PgQuery.Fingerprint("SELECT * FROM patients WHERE phone = '1'");

        Assert.Equal(a, b);
        Assert.NotEqual(a.Value, c.Value);
        Assert.Equal(a.Value.ToString("x16", System.Globalization.CultureInfo.InvariantCulture), a.Hex);
    }

    [Fact]
    public void Plpgsql_json_contains_the_function_body()
    {
        string json = PgQuery.ParsePlpgsqlJson(
            "CREATE FUNCTION f(p text) RETURNS text AS $$ BEGIN EXECUTE 'SELECT ' || p; RETURN p; END $$ LANGUAGE plpgsql");

        using var doc = System.Text.Json.JsonDocument.Parse(json);
        Assert.Equal(System.Text.Json.JsonValueKind.Array, doc.RootElement.ValueKind);
        Assert.Contains("PLpgSQL_stmt_dynexecute", json, StringComparison.Ordinal);
        Assert.Contains("PLpgSQL_stmt_return", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Plpgsql_syntax_error_is_reported()
    {
        PgQueryException ex = Assert.Throws<PgQueryException>(() => PgQuery.ParsePlpgsqlJson(
            "CREATE FUNCTION f() RETURNS int AS $$ BEGIN RETURN 1 END $$ LANGUAGE plpgsql"));
        Assert.Equal(PgParseErrorKind.Syntax, ex.Error.Kind);
    }
}
