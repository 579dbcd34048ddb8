using MaskingProxy.SqlRewriter.Masks;
using MaskingProxy.SqlRewriter.Policies;
using MaskingProxy.SqlRewriter.Postgres.Ast;
using MaskingProxy.SqlRewriter.Postgres.Interop;
using Xunit;

namespace MaskingProxy.SqlRewriter.Tests.Masks;

public class MaskSqlBuilderTests
{
    [Fact]
    public void Keep_first_and_last()
    {
        Assert.Equal(
            "CAST(CASE WHEN (p.id_card) IS NULL THEN NULL " +
            "WHEN char_length((p.id_card)) <= 10 THEN repeat('*', char_length((p.id_card))) " +
            "ELSE left((p.id_card), 6) || repeat('*', char_length((p.id_card)) - 10) || right((p.id_card), 4) END " +
            "AS character varying(18))",
            MaskSqlBuilder.Build(new KeepMask(6, 4), "p.id_card", "character varying(18)"));
    }

    [Fact]
    public void Keep_first_only_omits_right()
    {
        Assert.Equal(
            "CAST(CASE WHEN (full_name) IS NULL THEN NULL " +
            "WHEN char_length((full_name)) <= 1 THEN repeat('*', char_length((full_name))) " +
            "ELSE left((full_name), 1) || repeat('*', char_length((full_name)) - 1) END AS text)",
            MaskSqlBuilder.Build(new KeepMask(1, 0), "full_name", "text"));
    }

    [Fact]
    public void Keep_last_only_omits_left()
    {
        Assert.Equal(
            "CAST(CASE WHEN (c) IS NULL THEN NULL " +
            "WHEN char_length((c)) <= 4 THEN repeat('*', char_length((c))) " +
            "ELSE repeat('*', char_length((c)) - 4) || right((c), 4) END AS character(11))",
            MaskSqlBuilder.Build(new KeepMask(0, 4), "c", "character(11)"));
    }

    [Fact]
    public void Email()
    {
        Assert.Equal(
            "CAST(CASE WHEN (u.email) IS NULL THEN NULL " +
            "WHEN (u.email) ~ '^[^@]{2,}@[^@]+$' THEN left((u.email), 1) || '***' || substr((u.email), strpos((u.email), '@')) " +
            "ELSE repeat('*', char_length((u.email))) END AS character varying(200))",
            MaskSqlBuilder.Build(new EmailMask(), "u.email", "character varying(200)"));
    }

    [Theory]
    [InlineData("[REDACTED]", "'[REDACTED]'")]
    [InlineData("O'Brien", "'O''Brien'")]
    [InlineData("患者信息已隐藏", "'患者信息已隐藏'")]
    [InlineData("C:\\secret", "$m$C:\\secret$m$")]
    [InlineData("a\\b $m$ c", "$m1$a\\b $m$ c$m1$")]
    [InlineData("ends with \\$m", "$m1$ends with \\$m$m1$")]
    public void Replace_quotes_the_text(string text, string literal)
    {
        Assert.Equal(
            $"CAST(CASE WHEN (v.diagnosis) IS NULL THEN NULL ELSE {literal} END AS text)",
            MaskSqlBuilder.Build(new ReplaceMask(text), "v.diagnosis", "text"));
    }

    [Theory]
    [InlineData(TruncateUnit.Year, "date", "CAST(date_trunc('year', CAST((birth_date) AS timestamp)) AS date)")]
    [InlineData(TruncateUnit.Month, "date", "CAST(date_trunc('month', CAST((birth_date) AS timestamp)) AS date)")]
    [InlineData(TruncateUnit.Day, "timestamp without time zone", "CAST(date_trunc('day', (birth_date)) AS timestamp without time zone)")]
    [InlineData(TruncateUnit.Hour, "timestamp(3) with time zone", "CAST(date_trunc('hour', (birth_date)) AS timestamp(3) with time zone)")]
    [InlineData(TruncateUnit.Minute, "timestamptz", "CAST(date_trunc('minute', (birth_date)) AS timestamptz)")]
    public void Truncate(TruncateUnit unit, string type, string expected)
    {
        Assert.Equal(expected, MaskSqlBuilder.Build(new TruncateMask(unit), "birth_date", type));
    }

    [Theory]
    [InlineData("1000", "numeric(12,2)", "CAST(round(CAST((e.salary) AS numeric) / 1000) * 1000 AS numeric(12,2))")]
    [InlineData("0.5", "double precision", "CAST(round(CAST((e.salary) AS numeric) / 0.5) * 0.5 AS double precision)")]
    [InlineData("100", "integer", "CAST(round(CAST((e.salary) AS numeric) / 100) * 100 AS integer)")]
    public void Round(string step, string type, string expected)
    {
        decimal value = decimal.Parse(step, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(expected, MaskSqlBuilder.Build(new RoundMask(value), "e.salary", type));
    }

    [Theory]
    [InlineData("text", "CAST(NULL AS text)")]
    [InlineData("jsonb", "CAST(NULL AS jsonb)")]
    [InlineData("public.\"My Type\"[]", "CAST(NULL AS public.\"My Type\"[])")]
    public void Null_keeps_the_type(string type, string expected)
    {
        Assert.Equal(expected, MaskSqlBuilder.Build(new NullMask(), "v.notes", type));
    }

    [Fact]
    public void Hash_is_a_value_transform_not_sql()
    {
        var mask = new HashMask(HashAlgorithmKind.Sm3, "K", 16);
        Assert.True(MaskSqlBuilder.RequiresValueTransform(mask));
        Assert.False(MaskSqlBuilder.RequiresValueTransform(new NullMask()));
        Assert.Throws<NotSupportedException>(() => MaskSqlBuilder.Build(mask, "c", "text"));
    }

    [Theory]
    [InlineData("date")]
    [InlineData("integer")]
    [InlineData("text[]")]
    public void Mask_that_does_not_fit_the_type_is_refused(string type)
    {
        ArgumentException ex = Assert.Throws<ArgumentException>(() => MaskSqlBuilder.Build(new KeepMask(1, 1), "c", type));
        Assert.Contains("needs a character column", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void No_op_masks_are_refused()
    {
        Assert.Throws<ArgumentException>(() => MaskSqlBuilder.Build(new TruncateMask(TruncateUnit.Day), "c", "date"));
        Assert.Throws<ArgumentException>(() => MaskSqlBuilder.Build(new RoundMask(1m), "c", "integer"));
    }

    [Theory]
    [InlineData("text) || (SELECT password FROM pg_authid")]
    [InlineData("text; DROP TABLE patients")]
    [InlineData("text --")]
    public void Type_text_that_could_escape_the_cast_is_refused(string type)
    {
        Assert.Throws<ArgumentException>(() => MaskSqlBuilder.Build(new NullMask(), "c", type));
    }

    [Fact]
    public void Empty_column_expression_is_refused()
    {
        Assert.Throws<ArgumentException>(() => MaskSqlBuilder.Build(new EmailMask(), " ", "text"));
    }

    public static TheoryData<string, MaskSpec, string> AllMasks() => new()
    {
        { "keep", new KeepMask(3, 4), "character(11)" },
        { "keep-first", new KeepMask(1, 0), "text" },
        { "email", new EmailMask(), "character varying(200)" },
        { "replace", new ReplaceMask("[REDACTED]"), "text" },
        { "replace-quote", new ReplaceMask("it's"), "text" },
        { "replace-backslash", new ReplaceMask("a\\'b"), "text" },
        { "truncate-date", new TruncateMask(TruncateUnit.Year), "date" },
        { "truncate-ts", new TruncateMask(TruncateUnit.Minute), "timestamp(3) with time zone" },
        { "round", new RoundMask(1000m), "numeric(12,2)" },
        { "round-frac", new RoundMask(0.25m), "real" },
        { "null", new NullMask(), "public.\"Odd \"\"Type\"\"\"" },
    };

    [Theory]
    [MemberData(nameof(AllMasks))]
    public void Every_expression_is_one_valid_cast_for_the_postgres_parser(string name, MaskSpec mask, string type)
    {
        string expression = MaskSqlBuilder.Build(mask, "t.\"Col\"", type);
        ParseResult tree = PgQuery.Parse($"SELECT {expression} AS \"Col\" FROM t");

        RawStmt stmt = Assert.Single(tree.Stmts);
        ResTarget target = Assert.Single(stmt.Stmt.SelectStmt.TargetList).ResTarget;
        Assert.Equal("Col", target.Name);
        Assert.Equal(Node.NodeOneofCase.TypeCast, target.Val.NodeCase);
        Assert.NotNull(name);
    }

    [Theory]
    [InlineData("'); DROP TABLE patients; --")]
    [InlineData("\\'; DROP TABLE patients; --")]
    [InlineData("$m$'; DROP TABLE patients; --$m$")]
    [InlineData("\\$m$ x")]
    [InlineData("tab\tnew\nline \\n \"dq\" ''")]
    public void Replacement_text_reaches_the_parser_unchanged(string text)
    {
        string expression = MaskSqlBuilder.Build(new ReplaceMask(text), "c", "text");
        ParseResult tree = PgQuery.Parse($"SELECT {expression} FROM t");

        RawStmt stmt = Assert.Single(tree.Stmts);
        CaseExpr caseExpr = stmt.Stmt.SelectStmt.TargetList[0].ResTarget.Val.TypeCast.Arg.CaseExpr;
        Assert.Equal(text, caseExpr.Defresult.AConst.Sval.Sval);
    }
}
