using MaskingProxy.SqlRewriter.Postgres.Ast;
using MaskingProxy.SqlRewriter.Postgres.Interop;
using Xunit;

namespace MaskingProxy.SqlRewriter.Tests.Postgres.Interop;

public class ParseDeparseTests
{
    [Theory]
    [InlineData("select a, b from t where c = 1", "SELECT a, b FROM t WHERE c = 1")]
    [InlineData("SELECT p.id_card, v.diagnosis FROM public.patients p JOIN visits v ON v.patient_id = p.id", "SELECT p.id_card, v.diagnosis FROM public.patients p JOIN visits v ON v.patient_id = p.id")]
    [InlineData("select \"Mixed Case\".\"Col\" from \"Mixed Case\"", "SELECT \"Mixed Case\".\"Col\" FROM \"Mixed Case\"")]
    [InlineData("select '中文' as 名字", "SELECT '中文' AS \"名字\"")] // the deparser quotes non-ASCII identifiers
    [InlineData("select 1; select 2", "SELECT 1; SELECT 2")]
    public void Deparse_produces_canonical_sql(string sql, string expected)
    {
        Assert.Equal(expected, PgQuery.Deparse(PgQuery.Parse(sql)));
    }

    [Theory]
    [InlineData("WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 10) SELECT * FROM r")]
    [InlineData("SELECT t.*, row_to_json(t) FROM t WHERE EXISTS (SELECT 1 FROM u WHERE u.id = t.id) ORDER BY 1 DESC NULLS LAST LIMIT 5")]
    [InlineData("INSERT INTO t (a, b) SELECT x, y FROM s ON CONFLICT (a) DO UPDATE SET b = excluded.b RETURNING *")]
    [InlineData("UPDATE t SET a = $1 WHERE b = E'x\\ny' RETURNING a")]
    [InlineData("COPY (SELECT * FROM patients) TO STDOUT WITH (FORMAT csv)")]
    [InlineData("SELECT count(*) FILTER (WHERE a > 0) OVER (PARTITION BY b ORDER BY c) FROM t GROUP BY ROLLUP (a, b) HAVING sum(x) > 2")]
    [InlineData("CREATE TABLE x AS SELECT $$dollar; quoted$$ AS d, $tag$ a 'b' $tag$ AS e")]
    [InlineData("SELECT CAST(a AS numeric(12,2)), b::text, date_trunc('year', c)::date FROM t")]
    public void Parse_deparse_reaches_a_fixpoint(string sql)
    {
        string once = PgQuery.Deparse(PgQuery.Parse(sql));
        string twice = PgQuery.Deparse(PgQuery.Parse(once));
        Assert.Equal(once, twice);
        Assert.Equal(PgQuery.Fingerprint(sql), PgQuery.Fingerprint(once));
    }

    [Fact]
    public void Parse_returns_one_raw_statement_per_statement_with_byte_locations()
    {
        const string sql = "SELECT '中文' AS a; SELECT 2";
        ParseResult result = PgQuery.Parse(sql);

        Assert.Equal(2, result.Stmts.Count);
        Assert.Equal(150001, result.Version);
        Assert.Equal(PgQuery.PostgresMajorVersion, PgQuery.LibraryPostgresVersionNum / 10000);

        // RawStmt locations are UTF-8 byte offsets; the offset map converts them back.
        PgSqlOffsetMap map = PgQuery.CreateOffsetMap(sql);
        RawStmt second = result.Stmts[1];
        Assert.Equal(sql.IndexOf(';', StringComparison.Ordinal) + 1, map.ToCharIndex(second.StmtLocation));
        Assert.Equal(Node.NodeOneofCase.SelectStmt, second.Stmt.NodeCase);
    }

    [Fact]
    public void Node_locations_map_to_string_indices_with_cjk_text()
    {
        const string sql = "SELECT '患者姓名', full_name FROM patients";
        ParseResult result = PgQuery.Parse(sql);
        ResTarget column = result.Stmts[0].Stmt.SelectStmt.TargetList[1].ResTarget;

        int index = PgQuery.CreateOffsetMap(sql).ToCharIndex(column.Location);
        Assert.Equal(sql.IndexOf("full_name", StringComparison.Ordinal), index);
        Assert.NotEqual(index, column.Location); // would be wrong without the conversion
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("-- only a comment")]
    [InlineData(";;")]
    public void Empty_input_parses_to_no_statements(string sql)
    {
        Assert.Empty(PgQuery.Parse(sql).Stmts);
        Assert.Equal(string.Empty, PgQuery.Deparse(PgQuery.Parse(sql)));
    }

    [Fact]
    public void Deparse_of_an_invalid_tree_reports_a_deparse_error()
    {
        // A RawStmt without a statement is reported cleanly. (Other malformed shapes, such as an empty
        // Node inside a target list, crash libpg_query's deparser: see the remarks on PgQuery.Deparse.)
        var tree = new ParseResult { Version = PgQuery.LibraryPostgresVersionNum, Stmts = { new RawStmt() } };

        PgQueryException ex = Assert.Throws<PgQueryException>(() => PgQuery.Deparse(tree));
        Assert.Equal(PgParseErrorKind.Deparse, ex.Error.Kind);
        Assert.Contains("RawStmt with empty Stmt", ex.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Deparse_reports_nodes_the_grammar_cannot_produce()
    {
        var tree = new ParseResult
        {
            Version = PgQuery.LibraryPostgresVersionNum,
            Stmts =
            {
                new RawStmt
                {
                    Stmt = new Node { SelectStmt = new SelectStmt { TargetList = { new Node { ResTarget = new ResTarget { Val = new Node { Var = new Var() } } } } } },
                },
            },
        };

        PgQueryException ex = Assert.Throws<PgQueryException>(() => PgQuery.Deparse(tree));
        Assert.Equal(PgParseErrorKind.Deparse, ex.Error.Kind);
    }
}
