using MaskingProxy.SqlRewriter.Catalog;
using Xunit;

namespace MaskingProxy.SqlRewriter.Tests.Catalog;

public class CatalogResolutionTests
{
    private readonly CatalogSnapshot _catalog = CatalogFixtures.Healthcare();

    [Fact]
    public void Unqualified_names_resolve_through_the_search_path_in_order()
    {
        RelationResolution first = _catalog.ResolveRelation(null, "patients", SearchPath.Parse("public, app"), "alice");
        RelationResolution second = _catalog.ResolveRelation(null, "patients", SearchPath.Parse("app, public"), "alice");

        Assert.Equal(new QualifiedName("public", "patients"), first.Relation!.QualifiedName);
        Assert.Equal(new QualifiedName("app", "patients"), second.Relation!.QualifiedName);
    }

    [Fact]
    public void Qualified_names_ignore_the_search_path()
    {
        RelationResolution resolved = _catalog.ResolveRelation("app", "patients", SearchPath.Parse("public"), "alice");
        Assert.Equal("app", resolved.Relation!.Schema);
    }

    [Fact]
    public void User_entry_resolves_to_the_current_role_schema()
    {
        Assert.Equal(RelationResolutionKind.Catalog, _catalog.ResolveRelation(null, "scratch", SearchPath.Default, "analyst").Kind);
        Assert.Equal(RelationResolutionKind.NotFound, _catalog.ResolveRelation(null, "scratch", SearchPath.Default, "alice").Kind);
    }

    [Fact]
    public void System_relations_resolve_in_pg_catalog_before_the_path()
    {
        RelationResolution resolved = _catalog.ResolveRelation(null, "pg_class", SearchPath.Default, "alice");
        Assert.Equal(RelationResolutionKind.System, resolved.Kind);
        Assert.Equal("pg_catalog", resolved.Schema);
        Assert.Equal(RelationResolutionKind.System, _catalog.ResolveRelation("information_schema", "tables", SearchPath.Default, "alice").Kind);
    }

    [Fact]
    public void Known_temporary_relations_shadow_everything()
    {
        var temporary = new HashSet<string>(["patients"]);
        RelationResolution resolved = _catalog.ResolveRelation(null, "patients", SearchPath.Default, "alice", temporary);
        Assert.Equal(RelationResolutionKind.Temporary, resolved.Kind);
        Assert.Equal(RelationResolutionKind.Catalog, _catalog.ResolveRelation("public", "patients", SearchPath.Default, "alice", temporary).Kind);
    }

    [Fact]
    public void Not_found_reports_the_schemas_the_server_would_search()
    {
        RelationResolution resolved = _catalog.ResolveRelation(null, "nope", SearchPath.Parse("app, public"), "alice");
        Assert.Equal(RelationResolutionKind.NotFound, resolved.Kind);
        Assert.Equal(["pg_temp", "pg_catalog", "app", "public"], resolved.CandidateSchemas);
    }

    [Fact]
    public void Function_schemas_exclude_the_temporary_schema()
    {
        Assert.Equal(["pg_catalog", "app"], _catalog.FunctionSchemas(SearchPath.Parse("pg_temp, app"), "alice"));
    }

    [Fact]
    public void Relations_are_ordered_and_duplicates_refused()
    {
        Assert.Equal(["analyst.scratch", "app.patients", "public.lab_2026", "public.patient_names", "public.patients"], _catalog.Relations.Select(r => $"{r.Schema}.{r.Name}"));
        Assert.Throws<ArgumentException>(() => new CatalogSnapshot([
            new CatalogRelation("s", "t", RelationKind.Table, []),
            new CatalogRelation("s", "t", RelationKind.View, []),
        ]));
    }

    [Fact]
    public void Empty_snapshot_knows_nothing_but_pg_catalog()
    {
        Assert.Empty(CatalogSnapshot.Empty.Relations);
        Assert.True(CatalogSnapshot.Empty.SchemaExists("pg_catalog"));
        Assert.Equal(RelationResolutionKind.NotFound, CatalogSnapshot.Empty.ResolveRelation(null, "t", SearchPath.Default, "a").Kind);
    }
}
