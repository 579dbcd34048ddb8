using System.Text.Json;

namespace MaskingProxy.SqlRewriter.Catalog;

public static partial class CatalogJson
{
    private static CatalogSnapshot Read(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException("catalog JSON must be an object");
        }

        if (root.TryGetProperty("format", out JsonElement format) && (format.ValueKind != JsonValueKind.Number || format.GetInt32() != FormatVersion))
        {
            throw new FormatException($"catalog JSON format {format} is not supported (expected {FormatVersion})");
        }

        var relations = new List<CatalogRelation>();
        foreach (JsonElement r in Array(root, "relations"))
        {
            string where = $"relations[{relations.Count}]";
            var columns = new List<RelationColumn>();
            foreach (JsonElement c in Array(r, "columns"))
            {
                columns.Add(new RelationColumn(Text(c, "name", where), Text(c, "type", where)));
            }

            var parents = new List<QualifiedName>();
            foreach (JsonElement p in Array(r, "parents"))
            {
                parents.Add(new QualifiedName(Text(p, "schema", where), Text(p, "name", where)));
            }

            relations.Add(new CatalogRelation(
                Text(r, "schema", where),
                Text(r, "name", where),
                ParseRelationKind(Text(r, "kind", where), where),
                columns,
                OptionalText(r, "viewDefinition"),
                parents));
        }

        var functions = new List<CatalogFunction>();
        foreach (JsonElement f in Array(root, "functions"))
        {
            string where = $"functions[{functions.Count}]";
            functions.Add(new CatalogFunction(
                Text(f, "schema", where),
                Text(f, "name", where),
                ParseFunctionKind(OptionalText(f, "kind") ?? "function", where),
                Array(f, "argumentTypes").Select(e => e.GetString() ?? throw new FormatException($"{where}: null argument type")).ToList(),
                OptionalText(f, "resultType"),
                Text(f, "language", where),
                Bool(f, "securityDefiner"),
                OptionalText(f, "body") ?? string.Empty,
                Bool(f, "sqlStandardBody"),
                Array(f, "configuration").Select(e => e.GetString() ?? string.Empty).ToList()));
        }

        var operators = new List<CatalogOperator>();
        foreach (JsonElement o in Array(root, "operators"))
        {
            string where = $"operators[{operators.Count}]";
            if (!o.TryGetProperty("function", out JsonElement fn) || fn.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException($"{where}: 'function' must be an object with schema and name");
            }

            operators.Add(new CatalogOperator(
                Text(o, "schema", where),
                Text(o, "name", where),
                OptionalText(o, "leftType"),
                Text(o, "rightType", where),
                new QualifiedName(Text(fn, "schema", where), Text(fn, "name", where))));
        }

        try
        {
            return new CatalogSnapshot(
                relations,
                functions,
                operators,
                Array(root, "systemRelations").Select(e => e.GetString() ?? string.Empty),
                Array(root, "schemas").Select(e => e.GetString() ?? string.Empty));
        }
        catch (ArgumentException ex)
        {
            throw new FormatException($"catalog JSON is inconsistent: {ex.Message}", ex);
        }
    }

    private static IEnumerable<JsonElement> Array(JsonElement parent, string property)
    {
        if (!parent.TryGetProperty(property, out JsonElement value) || value.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        return value.ValueKind == JsonValueKind.Array
            ? value.EnumerateArray()
            : throw new FormatException($"'{property}' must be an array");
    }

    private static string Text(JsonElement parent, string property, string where) =>
        parent.TryGetProperty(property, out JsonElement value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text
            ? text
            : throw new FormatException($"{where}: '{property}' must be a non-empty string");

    private static string? OptionalText(JsonElement parent, string property) =>
        parent.TryGetProperty(property, out JsonElement value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static bool Bool(JsonElement parent, string property) =>
        parent.TryGetProperty(property, out JsonElement value) && value.ValueKind == JsonValueKind.True;

    private static RelationKind ParseRelationKind(string text, string where) => text switch
    {
        "table" => RelationKind.Table,
        "view" => RelationKind.View,
        "materialized view" => RelationKind.MaterializedView,
        "foreign table" => RelationKind.ForeignTable,
        "partitioned table" => RelationKind.PartitionedTable,
        _ => throw new FormatException($"{where}: unknown relation kind '{text}'"),
    };

    private static FunctionKind ParseFunctionKind(string text, string where) => text switch
    {
        "function" => FunctionKind.Function,
        "procedure" => FunctionKind.Procedure,
        "aggregate" => FunctionKind.Aggregate,
        "window" => FunctionKind.Window,
        _ => throw new FormatException($"{where}: unknown function kind '{text}'"),
    };
}
