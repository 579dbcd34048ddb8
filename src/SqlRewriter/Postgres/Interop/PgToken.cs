using MaskingProxy.SqlRewriter.Postgres.Ast;

namespace MaskingProxy.SqlRewriter.Postgres.Interop;

/// <summary>
/// A lexical token from <see cref="PgQuery.Scan"/>, including comments.
/// </summary>
/// <param name="Start">0-based index into the C# string.</param>
/// <param name="Length">Length in UTF-16 code units.</param>
/// <param name="Kind">PostgreSQL token kind (e.g. <see cref="Token.Sconst"/>, <see cref="Token.SqlComment"/>).</param>
/// <param name="KeywordKind">Keyword category for keywords, otherwise <see cref="KeywordKind.NoKeyword"/>.</param>
public readonly record struct PgToken(int Start, int Length, Token Kind, KeywordKind KeywordKind)
{
    /// <summary>The token's text within <paramref name="sql"/> (the string that was scanned).</summary>
    public string GetText(string sql)
    {
        ArgumentNullException.ThrowIfNull(sql);
        return sql.Substring(Start, Length);
    }
}
