using System.Collections.Concurrent;
using MaskingProxy.SqlRewriter.Postgres.Ast;
using MaskingProxy.SqlRewriter.Postgres.Interop;

namespace MaskingProxy.SqlRewriter.Postgres.Rewriting;

/// <summary>Quotes identifiers for generated SQL exactly like PostgreSQL's quote_identifier.</summary>
internal static class SqlIdentifier
{
    private static readonly ConcurrentDictionary<string, string> s_cache = new(StringComparer.Ordinal);

    /// <summary>
    /// <paramref name="name"/> unquoted when it is a plain lower-case identifier that is not a reserved word
    /// (unreserved keywords are fine), otherwise double-quoted.
    /// </summary>
    public static string Quote(string name)
    {
        if (s_cache.TryGetValue(name, out string? quoted))
        {
            return quoted;
        }

        quoted = NeedsQuotes(name) ? "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : name;
        if (s_cache.Count < 100_000)
        {
            s_cache[name] = quoted;
        }

        return quoted;
    }

    /// <summary><c>schema.name</c>, each part quoted as needed.</summary>
    public static string Qualified(string schema, string name) => Quote(schema) + "." + Quote(name);

    private static bool NeedsQuotes(string name)
    {
        if (name.Length == 0 || !(char.IsAsciiLetterLower(name[0]) || name[0] == '_'))
        {
            return true;
        }

        foreach (char c in name)
        {
            if (!(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_'))
            {
                return true;
            }
        }

        // The lexer knows the keyword list; only unreserved keywords may stand as plain column/table names.
        IReadOnlyList<PgToken> tokens = PgQuery.Scan(name);
        return tokens.Count != 1 || tokens[0].KeywordKind is not (KeywordKind.NoKeyword or KeywordKind.UnreservedKeyword);
    }
}
