using MaskingProxy.SqlRewriter.Postgres.Interop;
using Xunit;

namespace MaskingProxy.SqlRewriter.Tests.Postgres.Interop;

public class NormalizeTests
{
    [Theory]
    [InlineData("SELECT * FROM patients WHERE id_card = '110101199003071234'", "SELECT * FROM patients WHERE id_card = $1")]
    [InlineData("SELECT E'it\\'s secret'", "SELECT $1")]
    [InlineData("SELECT $$dollar; secret$$, $tag$ tagged 'secret' $tag$", "SELECT $1, $2")]
    [InlineData("SELECT 42, -7, 1.5e3, 12345.67", "SELECT $1, $2, $3, $4")]
    [InlineData("SELECT B'101', X'ff', U&'d\\0061t\\+000061'", "SELECT $1, $2, $3")]
    [InlineData("SELECT DATE '1990-03-07', interval '1 day'", "SELECT DATE $1, interval $2")]
    [InlineData("SELECT * FROM t WHERE x IN (1, 2, 3) LIMIT 10", "SELECT * FROM t WHERE x IN ($1, $2, $3) LIMIT $4")]
    [InlineData("SELECT '中文姓名' /* 'comment stays' */", "SELECT $1 /* 'comment stays' */")]
    [InlineData("CREATE ROLE app PASSWORD 'hunter2'", "CREATE ROLE app PASSWORD $1")]
    public void Literals_become_placeholders(string sql, string expected)
    {
        Assert.Equal(expected, PgQuery.Normalize(sql));
    }

    [Fact]
    public void Numbering_continues_after_existing_parameters()
    {
        Assert.Equal("SELECT $2 FROM t WHERE a = $1 AND b = $3", PgQuery.Normalize("SELECT 'x' FROM t WHERE a = $1 AND b = 5"));
    }

    [Fact]
    public void Normalized_text_contains_no_literal_value()
    {
        const string sql = "UPDATE patients SET phone = '13812345678', full_name = E'张\\'三', birth_date = DATE '1990-03-07' WHERE patient_no = $$P-0001$$";
        string normalized = PgQuery.Normalize(sql);
        foreach (string secret in new[] { "13812345678", "张", "1990", "P-0001" })
        {
            Assert.DoesNotContain(secret, normalized, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("COMMENT ON TABLE t IS 'kept'")]
    [InlineData("COPY t FROM '/kept/path'")]
    [InlineData("PREPARE p AS SELECT 'kept'")]
    [InlineData("CREATE VIEW v AS SELECT 'kept'")]
    public void Known_gaps_keep_literals(string sql)
    {
        // Documented on PgQuery.Normalize: callers that must never store literals need their own pass.
        Assert.Contains("kept", PgQuery.Normalize(sql), StringComparison.Ordinal);
    }

    [Fact]
    public void Syntax_error_is_reported()
    {
        PgQueryException ex = Assert.Throws<PgQueryException>(() => PgQuery.Normalize("SELECT 'a' 'b'"));
        Assert.Equal(PgParseErrorKind.Syntax, ex.Error.Kind);
    }
}
