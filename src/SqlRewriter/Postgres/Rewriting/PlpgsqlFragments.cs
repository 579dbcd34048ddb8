using System.Text.Json;
using MaskingProxy.SqlRewriter.Postgres.Ast;
using MaskingProxy.SqlRewriter.Postgres.Interop;

namespace MaskingProxy.SqlRewriter.Postgres.Rewriting;

/// <summary>
/// The SQL inside a PL/pgSQL body, from libpg_query's PL/pgSQL parser: every embedded query or expression,
/// parsed, and whether the body runs dynamic SQL (EXECUTE, RETURN QUERY EXECUTE, OPEN ... FOR EXECUTE).
/// </summary>
internal sealed class PlpgsqlFragments
{
    private PlpgsqlFragments(List<ParseResult> trees, string? dynamicStatement, string? unparsed)
    {
        Trees = trees;
        DynamicStatement = dynamicStatement;
        Unparsed = unparsed;
    }

    public List<ParseResult> Trees { get; }

    /// <summary>The PL/pgSQL statement kind that runs dynamic SQL, or null.</summary>
    public string? DynamicStatement { get; }

    /// <summary>A fragment that could not be parsed (the body cannot be checked), or null.</summary>
    public string? Unparsed { get; }

    /// <summary>Reads the body of <paramref name="createFunctionSql"/> (a CREATE FUNCTION/PROCEDURE statement).</summary>
    /// <exception cref="PgQueryException">The PL/pgSQL body does not parse.</exception>
    public static PlpgsqlFragments Read(string createFunctionSql)
    {
        string json = PgQuery.ParsePlpgsqlJson(createFunctionSql);
        var queries = new List<string>();
        string? dynamic = null;
        using (JsonDocument document = JsonDocument.Parse(json))
        {
            Collect(document.RootElement, queries, ref dynamic);
        }

        var trees = new List<ParseResult>();
        foreach (string query in queries)
        {
            ParseResult? tree = ParseFragment(query);
            if (tree is null)
            {
                return new PlpgsqlFragments(trees, dynamic, query);
            }

            trees.Add(tree);
        }

        return new PlpgsqlFragments(trees, dynamic, null);
    }

    /// <summary>A CREATE statement wrapping a body so the PL/pgSQL parser accepts it.</summary>
    public static string Wrap(string body, bool procedure, IReadOnlyList<string> argumentTypes, string? resultType)
    {
        string tag = "$__mp$";
        for (int i = 0; body.Contains(tag, StringComparison.Ordinal); i++)
        {
            tag = $"$__mp{i}$";
        }

        string arguments = string.Join(", ", argumentTypes);
        return procedure
            ? $"CREATE PROCEDURE __mp_probe({arguments}) LANGUAGE plpgsql AS {tag}{body}{tag}"
            : $"CREATE FUNCTION __mp_probe({arguments}) RETURNS {resultType ?? "void"} LANGUAGE plpgsql AS {tag}{body}{tag}";
    }

    private static void Collect(JsonElement element, List<string> queries, ref string? dynamic)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Array:
                foreach (JsonElement item in element.EnumerateArray())
                {
                    Collect(item, queries, ref dynamic);
                }

                break;
            case JsonValueKind.Object:
                foreach (JsonProperty property in element.EnumerateObject())
                {
                    if (property.Name == "PLpgSQL_expr" && property.Value.TryGetProperty("query", out JsonElement query) && query.GetString() is { } text)
                    {
                        queries.Add(text);
                    }

                    bool isDynamic = property.Name is "PLpgSQL_stmt_dynexecute" or "PLpgSQL_stmt_dynfors"
                        || (property.Name is "PLpgSQL_stmt_open" or "PLpgSQL_stmt_return_query" && property.Value.ValueKind == JsonValueKind.Object && property.Value.TryGetProperty("dynquery", out _));
                    if (isDynamic)
                    {
                        dynamic ??= property.Name;
                    }

                    Collect(property.Value, queries, ref dynamic);
                }

                break;
        }
    }

    // PL/pgSQL keeps statements ("SELECT ..."), bare expressions ("x + 1") and assignments ("x := ...").
    private static ParseResult? ParseFragment(string query)
    {
        if (PgQuery.TryParse(query, out ParseResult? tree, out _) || PgQuery.TryParse("SELECT " + query, out tree, out _))
        {
            return tree;
        }

        int assign = query.IndexOf(":=", StringComparison.Ordinal);
        return assign >= 0 && PgQuery.TryParse("SELECT " + query[(assign + 2)..], out tree, out _) ? tree : null;
    }
}
