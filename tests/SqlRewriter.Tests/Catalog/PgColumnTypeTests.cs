using MaskingProxy.SqlRewriter.Catalog;
using Xunit;

namespace MaskingProxy.SqlRewriter.Tests.Catalog;

public class PgColumnTypeTests
{
    [Theory]
    [InlineData("text", PgTypeCategory.Character)]
    [InlineData("character varying(20)", PgTypeCategory.Character)]
    [InlineData("character(11)", PgTypeCategory.Character)]
    [InlineData("varchar", PgTypeCategory.Character)]
    [InlineData("citext", PgTypeCategory.Character)]
    [InlineData("public.citext", PgTypeCategory.Character)]
    [InlineData("date", PgTypeCategory.Date)]
    [InlineData("timestamp without time zone", PgTypeCategory.Timestamp)]
    [InlineData("timestamp(3) with time zone", PgTypeCategory.TimestampTz)]
    [InlineData("timestamptz", PgTypeCategory.TimestampTz)]
    [InlineData("integer", PgTypeCategory.Integer)]
    [InlineData("bigint", PgTypeCategory.Integer)]
    [InlineData("smallint", PgTypeCategory.Integer)]
    [InlineData("numeric(12,2)", PgTypeCategory.Numeric)]
    [InlineData("numeric", PgTypeCategory.Numeric)]
    [InlineData("double precision", PgTypeCategory.Numeric)]
    [InlineData("real", PgTypeCategory.Numeric)]
    [InlineData("pg_catalog.text", PgTypeCategory.Character)]
    [InlineData("text[]", PgTypeCategory.Other)]
    [InlineData("character varying(20)[]", PgTypeCategory.Other)]
    [InlineData("jsonb", PgTypeCategory.Other)]
    [InlineData("uuid", PgTypeCategory.Other)]
    [InlineData("\"char\"", PgTypeCategory.Other)]
    [InlineData("myschema.text", PgTypeCategory.Other)]
    [InlineData("public.\"My Type\"", PgTypeCategory.Other)]
    [InlineData("interval year to month", PgTypeCategory.Other)]
    [InlineData("time with time zone", PgTypeCategory.Other)]
    public void Categories(string text, PgTypeCategory category)
    {
        Assert.Equal(category, PgColumnType.Parse(text).Category);
    }

    [Fact]
    public void Modifiers_and_base_name()
    {
        PgColumnType t = PgColumnType.Parse(" numeric( 12 , 2 ) ");
        Assert.Equal("numeric( 12 , 2 )", t.Text);
        Assert.Equal("numeric", t.BaseName);
        Assert.Equal(new[] { 12, 2 }, t.Modifiers);
        Assert.Equal("timestamp with time zone", PgColumnType.Parse("timestamp(6) with time zone").BaseName);
    }

    [Theory]
    [InlineData("")]
    [InlineData("text) || (SELECT secret FROM t")]
    [InlineData("text; DROP TABLE x")]
    [InlineData("text -- comment")]
    [InlineData("numeric(1+1)")]
    [InlineData("varchar('x')")]
    [InlineData("character varying(20")]
    [InlineData("\"unterminated")]
    [InlineData("a.b.c")]
    [InlineData("text[] x")]
    [InlineData("text /* c */")]
    [InlineData("numeric(12,2)(3)")]
    public void Anything_that_could_escape_a_cast_is_rejected(string text)
    {
        Assert.False(PgColumnType.TryParse(text, out _, out string? error));
        Assert.NotNull(error);
        Assert.Throws<ArgumentException>(() => PgColumnType.Parse(text));
    }
}
