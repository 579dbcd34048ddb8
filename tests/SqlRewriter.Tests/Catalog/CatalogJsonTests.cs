using MaskingProxy.SqlRewriter.Catalog;
using MaskingProxy.SqlRewriter.Tests.Rewriting.Golden;
using Xunit;

namespace MaskingProxy.SqlRewriter.Tests.Catalog;

public class CatalogJsonTests
{
    [Fact]
    public void Save_then_load_round_trips_every_field_and_keeps_the_version()
    {
        CatalogSnapshot original = CatalogFixtures.Healthcare();

        CatalogSnapshot loaded = CatalogJson.Deserialize(CatalogJson.Serialize(original));

        Assert.Equal(original.Version, loaded.Version);
        Assert.Equal(CatalogJson.Serialize(original), CatalogJson.Serialize(loaded));
        CatalogRelation view = loaded.GetRelation("public", "patient_names")!;
        Assert.Equal(RelationKind.View, view.Kind);
        Assert.Equal(" SELECT patients.full_name\n   FROM public.patients;", view.ViewDefinition);
        Assert.Equal([new QualifiedName("public", "lab")], loaded.GetRelation("public", "lab_2026")!.Parents);
        CatalogFunction lookup = loaded.FindFunctions("lookup").Single(f => f.Schema == "public");
        Assert.True(lookup.SecurityDefiner);
        Assert.Equal("plpgsql", lookup.Language);
        Assert.Equal(["text"], lookup.ArgumentTypes);
        Assert.Equal("public, pg_temp", lookup.PinnedSearchPath);
        Assert.Equal(FunctionKind.Procedure, loaded.FindFunctions("lookup").Single(f => f.Schema == "app").Kind);
        Assert.Equal(new QualifiedName("public", "peek"), loaded.FindOperators("===").Single().Function);
        Assert.True(loaded.IsSystemRelation("pg_stats"));
        Assert.True(loaded.SchemaExists("empty_schema"));
    }

    [Fact]
    public void Save_and_load_through_a_file()
    {
        string path = Path.Combine(Path.GetTempPath(), $"catalog-{Guid.NewGuid():N}.json");
        try
        {
            CatalogJson.Save(CatalogFixtures.Healthcare(), path);
            Assert.Equal(CatalogFixtures.Healthcare().Version, CatalogJson.Load(path).Version);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task File_source_loads_the_golden_catalog()
    {
        var source = new FileCatalogSource(Path.Combine(GoldenCorpus.Directory, "catalog.json"));

        CatalogSnapshot snapshot = await source.LoadAsync();

        Assert.Contains("catalog.json", source.Description, StringComparison.Ordinal);
        CatalogRelation patients = snapshot.GetRelation("public", "patients")!;
        Assert.Equal(["patient_no", "full_name", "id_card", "phone", "email", "birth_date"], patients.Columns.Select(c => c.Name));
        Assert.Equal("character(18)", patients.Columns[2].TypeName);
        Assert.Equal(RelationKind.PartitionedTable, snapshot.GetRelation("public", "lab_results")!.Kind);
        Assert.True(snapshot.FindFunctions("visit_notes").Single().SqlStandardBody);
    }

    [Fact]
    public void Version_is_independent_of_input_order_and_changes_with_content()
    {
        CatalogSnapshot a = new([Table("s", "a"), Table("s", "b")]);
        CatalogSnapshot b = new([Table("s", "b"), Table("s", "a")]);
        CatalogSnapshot c = new([Table("s", "a"), Table("s", "c")]);

        Assert.Equal(a.Version, b.Version);
        Assert.NotEqual(a.Version, c.Version);
        Assert.Matches("^[0-9a-f]{64}$", a.Version);
    }

    [Fact]
    public void A_column_type_change_changes_the_version()
    {
        CatalogSnapshot before = new([new CatalogRelation("s", "t", RelationKind.Table, [new RelationColumn("c", "character varying(10)")])]);
        CatalogSnapshot after = new([new CatalogRelation("s", "t", RelationKind.Table, [new RelationColumn("c", "character varying(11)")])]);

        Assert.NotEqual(before.Version, after.Version);
    }

    [Theory]
    [InlineData("not json", "malformed")]
    [InlineData("[]", "must be an object")]
    [InlineData("{\"format\": 2}", "format")]
    [InlineData("{\"relations\": [{\"schema\": \"s\", \"name\": \"t\", \"kind\": \"index\", \"columns\": []}]}", "unknown relation kind")]
    [InlineData("{\"relations\": [{\"schema\": \"s\", \"kind\": \"table\", \"columns\": []}]}", "'name'")]
    [InlineData("{\"relations\": [{\"schema\": \"s\", \"name\": \"t\", \"kind\": \"table\", \"columns\": []}, {\"schema\": \"s\", \"name\": \"t\", \"kind\": \"view\", \"columns\": []}]}", "appears twice")]
    [InlineData("{\"functions\": [{\"schema\": \"s\", \"name\": \"f\", \"language\": \"sql\", \"kind\": \"trigger\"}]}", "unknown function kind")]
    public void Malformed_json_is_reported(string json, string message)
    {
        FormatException error = Assert.Throws<FormatException>(() => CatalogJson.Deserialize(json));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Snapshot_answers_column_type_lookups_for_policy_checks()
    {
        IColumnTypeLookup lookup = CatalogFixtures.Healthcare();

        Assert.True(lookup.TryGetColumnType("public", "patients", "phone", out string? type));
        Assert.Equal("character varying(16)", type);
        Assert.False(lookup.TryGetColumnType("public", "patients", "nope", out _));
        Assert.Contains(lookup.EnumerateColumns(), c => c is { Schema: "app", Table: "patients", Column: "nickname" });
    }

    private static CatalogRelation Table(string schema, string name) => new(schema, name, RelationKind.Table, [new RelationColumn("id", "integer")]);
}
