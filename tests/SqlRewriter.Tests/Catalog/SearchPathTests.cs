using MaskingProxy.SqlRewriter.Catalog;
using Xunit;

namespace MaskingProxy.SqlRewriter.Tests.Catalog;

public class SearchPathTests
{
    [Theory]
    [InlineData("\"$user\", public", new[] { "$user", "public" })]
    [InlineData("App, PUBLIC", new[] { "app", "public" })]
    [InlineData("\"My Schema\",\"a\"\"b\"", new[] { "My Schema", "a\"b" })]
    [InlineData("  public  ", new[] { "public" })]
    [InlineData("", new string[0])]
    [InlineData("Übung, pg_temp", new[] { "Übung", "pg_temp" })]
    public void Parse_follows_the_server_identifier_list_rules(string text, string[] expected)
    {
        Assert.Equal(expected, SearchPath.Parse(text).Entries);
    }

    [Theory]
    [InlineData("a,,b")]
    [InlineData("\"unterminated")]
    [InlineData("a b")]
    public void Parse_rejects_malformed_lists(string text)
    {
        Assert.Throws<FormatException>(() => SearchPath.Parse(text));
    }

    [Fact]
    public void ToString_prints_like_show_search_path()
    {
        Assert.Equal("\"$user\", public", SearchPath.Default.ToString());
        Assert.Equal("\"My Schema\", app", SearchPath.FromNames(["My Schema", "app"]).ToString());
        Assert.Equal(SearchPath.Parse("\"$user\", public"), SearchPath.Default);
    }

    [Fact]
    public void Temporary_schema_and_pg_catalog_are_searched_first_unless_listed()
    {
        IReadOnlyList<string> schemas = SearchPath.Parse("app, public").EffectiveSchemas("alice", _ => true, forRelations: true);
        Assert.Equal(["pg_temp", "pg_catalog", "app", "public"], schemas);
    }

    [Fact]
    public void An_explicit_pg_catalog_or_pg_temp_is_searched_in_its_position()
    {
        IReadOnlyList<string> schemas = SearchPath.Parse("app, pg_catalog, pg_temp").EffectiveSchemas("alice", _ => true, forRelations: true);
        Assert.Equal(["app", "pg_catalog", "pg_temp"], schemas);
    }

    [Fact]
    public void Functions_never_resolve_through_the_temporary_schema()
    {
        IReadOnlyList<string> schemas = SearchPath.Parse("pg_temp, public").EffectiveSchemas("alice", _ => true, forRelations: false);
        Assert.Equal(["pg_catalog", "public"], schemas);
    }

    [Fact]
    public void User_entry_names_the_current_role_schema_when_it_exists()
    {
        Assert.Equal(["pg_temp", "pg_catalog", "alice", "public"], SearchPath.Default.EffectiveSchemas("alice", s => s is "alice" or "public", true));
        Assert.Equal(["pg_temp", "pg_catalog", "public"], SearchPath.Default.EffectiveSchemas("bob", s => s is "alice" or "public", true));
        Assert.True(SearchPath.Default.DependsOnUser);
        Assert.False(SearchPath.Parse("public").DependsOnUser);
    }

    [Fact]
    public void Missing_schemas_are_skipped()
    {
        Assert.Equal(["pg_temp", "pg_catalog", "public"], SearchPath.Parse("nope, public").EffectiveSchemas("a", s => s == "public", true));
    }
}
