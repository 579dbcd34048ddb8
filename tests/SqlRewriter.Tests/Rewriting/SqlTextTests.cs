using MaskingProxy.SqlRewriter.Postgres.Rewriting;
using Xunit;

namespace MaskingProxy.SqlRewriter.Tests.Rewriting;

public class SqlTextTests
{
    [Theory]
    [InlineData("patients x", 0, 1, "patients")]
    [InlineData("public.patients x", 0, 2, "public.patients")]
    [InlineData("public . /* c */ patients x", 0, 2, "public . /* c */ patients")]
    [InlineData("\"My \"\"odd\"\" t\".c", 0, 2, "\"My \"\"odd\"\" t\".c")]
    [InlineData("U&\"p\\0061tients\" x", 0, 1, "U&\"p\\0061tients\"")]
    [InlineData("U&\"p!0061\" UESCAPE '!' x", 0, 1, "U&\"p!0061\" UESCAPE '!'")]
    [InlineData("p.* FROM", 0, 2, "p.*")]
    [InlineData("患者.姓名, x", 0, 2, "患者.姓名")]
    [InlineData("a$b_1 x", 0, 1, "a$b_1")]
    public void NameEnd_finds_the_exact_span_of_dotted_names(string sql, int start, int parts, string expected)
    {
        var text = new SqlText(sql);
        int end = text.NameEnd(start, parts);
        Assert.Equal(expected, sql[start..end]);
    }

    [Theory]
    [InlineData("(x)", 1)]
    [InlineData("a.(b)", 2)]
    [InlineData("a.", 2)]
    public void NameEnd_refuses_what_is_not_a_name(string sql, int parts)
    {
        Assert.Equal(-1, new SqlText(sql).NameEnd(0, parts));
    }

    [Fact]
    public void SkipTrivia_skips_nested_comments_and_line_comments()
    {
        const string sql = "  /* a /* b */ c */ -- x\n  next";
        Assert.Equal(sql.IndexOf("next", StringComparison.Ordinal), new SqlText(sql).SkipTrivia(0));
    }

    [Fact]
    public void Byte_locations_map_to_string_indices_with_non_ascii_text()
    {
        const string sql = "SELECT '张三' FROM patients";
        var text = new SqlText(sql);
        int bytes = System.Text.Encoding.UTF8.GetByteCount(sql[..sql.IndexOf("patients", StringComparison.Ordinal)]);
        Assert.Equal(sql.IndexOf("patients", StringComparison.Ordinal), text.Index(bytes));
        Assert.Equal(-1, text.Index(-1));
    }

    [Fact]
    public void Edits_are_applied_in_order_and_overlaps_refused()
    {
        var edits = new EditList();
        edits.Replace(7, 8, "b");
        edits.Insert(0, ">");
        edits.Replace(0, 1, "S");
        Assert.Equal(">Select b", edits.Apply("select a"));

        var overlapping = new EditList();
        overlapping.Replace(0, 5, "x");
        overlapping.Replace(3, 6, "y");
        Assert.Throws<InvalidOperationException>(() => overlapping.Apply("0123456789"));
    }

    [Theory]
    [InlineData("patients", "patients")]
    [InlineData("Patients", "\"Patients\"")]
    [InlineData("select", "\"select\"")]
    [InlineData("name", "name")]
    [InlineData("a b", "\"a b\"")]
    [InlineData("x\"y", "\"x\"\"y\"")]
    [InlineData("患者", "\"患者\"")]
    [InlineData("1abc", "\"1abc\"")]
    public void Identifiers_are_quoted_like_quote_ident(string name, string expected)
    {
        Assert.Equal(expected, SqlIdentifier.Quote(name));
    }
}
