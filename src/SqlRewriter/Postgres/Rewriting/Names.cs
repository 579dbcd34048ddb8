using Google.Protobuf.Collections;
using MaskingProxy.SqlRewriter.Postgres.Ast;

namespace MaskingProxy.SqlRewriter.Postgres.Rewriting;

/// <summary>Helpers for the name lists of the raw parse tree (already case-folded by the parser).</summary>
internal static class Names
{
    /// <summary>(schema or null, name) of a function or operator name list; catalog qualifiers are ignored.</summary>
    public static (string? Schema, string Name) Function(RepeatedField<Node> names)
    {
        string name = names.Count > 0 ? names[^1].String?.Sval ?? string.Empty : string.Empty;
        string? schema = names.Count > 1 ? names[^2].String?.Sval : null;
        return (schema, name);
    }

    /// <summary>The string parts of a list of String nodes.</summary>
    public static List<string> Strings(IEnumerable<Node> nodes) => [.. nodes.Select(n => n.String?.Sval ?? string.Empty)];

    /// <summary>Dotted display of a name list.</summary>
    public static string Display(IEnumerable<Node> nodes) => string.Join(".", Strings(nodes));
}
