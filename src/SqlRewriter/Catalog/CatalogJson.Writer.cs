using System.Text.Json;

namespace MaskingProxy.SqlRewriter.Catalog;

public static partial class CatalogJson
{
    private static void Write(Utf8JsonWriter w, CatalogSnapshot snapshot, bool includeVersion)
    {
        w.WriteStartObject();
        w.WriteNumber("format", FormatVersion);
        if (includeVersion)
        {
            w.WriteString("version", snapshot.Version);
        }

        WriteStrings(w, "schemas", snapshot.Schemas);
        WriteStrings(w, "systemRelations", snapshot.SystemRelationNames);

        w.WriteStartArray("relations");
        foreach (CatalogRelation r in snapshot.Relations)
        {
            w.WriteStartObject();
            w.WriteString("schema", r.Schema);
            w.WriteString("name", r.Name);
            w.WriteString("kind", KindName(r.Kind));
            w.WriteStartArray("columns");
            foreach (RelationColumn c in r.Columns)
            {
                w.WriteStartObject();
                w.WriteString("name", c.Name);
                w.WriteString("type", c.TypeName);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            if (r.ViewDefinition is not null)
            {
                w.WriteString("viewDefinition", r.ViewDefinition);
            }

            if (r.Parents.Count > 0)
            {
                w.WriteStartArray("parents");
                foreach (QualifiedName parent in r.Parents)
                {
                    WriteName(w, null, parent);
                }

                w.WriteEndArray();
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();

        w.WriteStartArray("functions");
        foreach (CatalogFunction f in snapshot.Functions)
        {
            w.WriteStartObject();
            w.WriteString("schema", f.Schema);
            w.WriteString("name", f.Name);
            w.WriteString("kind", KindName(f.Kind));
            WriteStrings(w, "argumentTypes", f.ArgumentTypes);
            if (f.ResultType is not null)
            {
                w.WriteString("resultType", f.ResultType);
            }

            w.WriteString("language", f.Language);
            w.WriteBoolean("securityDefiner", f.SecurityDefiner);
            w.WriteString("body", f.Body);
            if (f.SqlStandardBody)
            {
                w.WriteBoolean("sqlStandardBody", true);
            }

            if (f.Configuration.Count > 0)
            {
                WriteStrings(w, "configuration", f.Configuration);
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();

        w.WriteStartArray("operators");
        foreach (CatalogOperator o in snapshot.Operators)
        {
            w.WriteStartObject();
            w.WriteString("schema", o.Schema);
            w.WriteString("name", o.Name);
            if (o.LeftType is not null)
            {
                w.WriteString("leftType", o.LeftType);
            }

            w.WriteString("rightType", o.RightType);
            WriteName(w, "function", o.Function);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteStrings(Utf8JsonWriter w, string property, IEnumerable<string> values)
    {
        w.WriteStartArray(property);
        foreach (string value in values)
        {
            w.WriteStringValue(value);
        }

        w.WriteEndArray();
    }

    private static void WriteName(Utf8JsonWriter w, string? property, QualifiedName name)
    {
        if (property is null)
        {
            w.WriteStartObject();
        }
        else
        {
            w.WriteStartObject(property);
        }

        w.WriteString("schema", name.Schema);
        w.WriteString("name", name.Name);
        w.WriteEndObject();
    }

    private static string KindName(RelationKind kind) => kind switch
    {
        RelationKind.Table => "table",
        RelationKind.View => "view",
        RelationKind.MaterializedView => "materialized view",
        RelationKind.ForeignTable => "foreign table",
        RelationKind.PartitionedTable => "partitioned table",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    private static string KindName(FunctionKind kind) => kind switch
    {
        FunctionKind.Function => "function",
        FunctionKind.Procedure => "procedure",
        FunctionKind.Aggregate => "aggregate",
        FunctionKind.Window => "window",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}
