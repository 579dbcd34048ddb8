using MaskingProxy.SqlRewriter.Catalog;

namespace MaskingProxy.SqlRewriter.Tests.Catalog;

/// <summary>Small hand-built catalogs for unit tests.</summary>
internal static class CatalogFixtures
{
    public static CatalogSnapshot Healthcare() => new(
        [
            new CatalogRelation("public", "patients", RelationKind.Table,
            [
                new RelationColumn("patient_no", "character varying(20)"),
                new RelationColumn("full_name", "character varying(40)"),
                new RelationColumn("phone", "character varying(16)"),
            ]),
            new CatalogRelation("app", "patients", RelationKind.Table, [new RelationColumn("nickname", "text")]),
            new CatalogRelation("analyst", "scratch", RelationKind.Table, [new RelationColumn("note", "text")]),
            new CatalogRelation("public", "patient_names", RelationKind.View, [new RelationColumn("full_name", "character varying(40)")], " SELECT patients.full_name\n   FROM public.patients;"),
            new CatalogRelation("public", "lab_2026", RelationKind.Table, [new RelationColumn("result", "text")], parents: [new QualifiedName("public", "lab")]),
        ],
        [
            new CatalogFunction("public", "patient_count", FunctionKind.Function, [], "bigint", "sql", false, "select count(*) from public.patients"),
            new CatalogFunction("public", "lookup", FunctionKind.Function, ["text"], "text", "plpgsql", true, " begin return 'x'; end ", configuration: ["search_path=public, pg_temp"]),
            new CatalogFunction("app", "lookup", FunctionKind.Procedure, ["integer"], null, "sql", false, "select 1"),
        ],
        [new CatalogOperator("public", "===", "text", "text", new QualifiedName("public", "peek"))],
        ["pg_class", "pg_stats"],
        ["public", "app", "analyst", "empty_schema"]);
}
