using System.Text;
using MaskingProxy.SqlRewriter.Postgres.Interop;

namespace MaskingProxy.SqlRewriter.Postgres.Rewriting;

/// <summary>
/// The statement text being rewritten: converts AST byte locations to string indices and finds the exact
/// source span of names, so edits can be spliced into the original text instead of deparsing the tree.
/// </summary>
/// <remarks>
/// <para>Splicing keeps everything the rewriter does not touch byte for byte (comments, spacing, literals,
/// parameter markers), and avoids libpg_query's deparser (slow, and it crashes on some tree shapes).</para>
/// <para>Spans are found by lexing forward from a node's location with the PostgreSQL rules for the few
/// token kinds that can form a name: identifiers, keywords, <c>"quoted"</c> and <c>U&amp;"quoted"</c> names
/// (with an optional <c>UESCAPE 'c'</c>), dots, whitespace and comments (nested <c>/* */</c>, <c>--</c>).
/// The parser already accepted the text, so only boundaries need finding, never validity.
/// libpg_query's scanner reports wrong lengths for <c>U&amp;</c> tokens, which is why this is not done with
/// <see cref="PgQuery.Scan"/>; the scanner is only used lazily to look backwards (ONLY, TABLE).</para>
/// </remarks>
internal sealed class SqlText
{
    private readonly PgSqlOffsetMap? _map;
    private IReadOnlyList<PgToken>? _tokens;

    public SqlText(string sql)
    {
        Sql = sql;

        // Pure ASCII text needs no conversion: byte offsets are string indices.
        _map = Ascii.IsValid(sql) ? null : PgQuery.CreateOffsetMap(sql);
    }

    public string Sql { get; }

    public int Length => Sql.Length;

    /// <summary>String index of an AST location (UTF-8 byte offset); -1 stays -1.</summary>
    public int Index(int byteLocation) => byteLocation < 0 ? -1 : _map is null ? byteLocation : _map.ToCharIndex(byteLocation);

    /// <summary>Tokens of the whole text (lexed on first use).</summary>
    public IReadOnlyList<PgToken> Tokens => _tokens ??= PgQuery.Scan(Sql);

    /// <summary>Index of the first character at or after <paramref name="i"/> that is not whitespace or a comment.</summary>
    public int SkipTrivia(int i)
    {
        string s = Sql;
        while (i < s.Length)
        {
            char c = s[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (c == '-' && i + 1 < s.Length && s[i + 1] == '-')
            {
                while (i < s.Length && s[i] != '\n' && s[i] != '\r')
                {
                    i++;
                }
            }
            else if (c == '/' && i + 1 < s.Length && s[i + 1] == '*')
            {
                int depth = 0;
                while (i < s.Length)
                {
                    if (s[i] == '/' && i + 1 < s.Length && s[i + 1] == '*')
                    {
                        depth++;
                        i += 2;
                    }
                    else if (s[i] == '*' && i + 1 < s.Length && s[i + 1] == '/')
                    {
                        depth--;
                        i += 2;
                        if (depth == 0)
                        {
                            break;
                        }
                    }
                    else
                    {
                        i++;
                    }
                }
            }
            else
            {
                break;
            }
        }

        return i;
    }

    /// <summary>
    /// End (exclusive) of a dotted name of <paramref name="parts"/> parts that starts at <paramref name="start"/>;
    /// a part may be <c>*</c>. Returns -1 when the text does not look like such a name (the caller then refuses to edit).
    /// </summary>
    public int NameEnd(int start, int parts)
    {
        int i = start;
        for (int part = 0; part < parts; part++)
        {
            if (part > 0)
            {
                i = SkipTrivia(i);
                if (i >= Length || Sql[i] != '.')
                {
                    return -1;
                }

                i = SkipTrivia(i + 1);
            }

            i = NamePartEnd(i);
            if (i < 0)
            {
                return -1;
            }
        }

        return i;
    }

    /// <summary>The first token that starts before <paramref name="index"/>, or null.</summary>
    public PgToken? TokenBefore(int index)
    {
        IReadOnlyList<PgToken> tokens = Tokens;
        PgToken? previous = null;
        foreach (PgToken token in tokens)
        {
            if (token.Start >= index)
            {
                break;
            }

            if (token.Kind is not (Ast.Token.SqlComment or Ast.Token.CComment))
            {
                previous = token;
            }
        }

        return previous;
    }

    private int NamePartEnd(int i)
    {
        string s = Sql;
        if (i >= s.Length)
        {
            return -1;
        }

        char c = s[i];
        if (c == '*')
        {
            return i + 1;
        }

        if (c == '"')
        {
            return QuotedEnd(i);
        }

        if ((c == 'U' || c == 'u') && i + 2 < s.Length && s[i + 1] == '&' && s[i + 2] == '"')
        {
            int end = QuotedEnd(i + 2);
            return end < 0 ? -1 : UescapeEnd(end);
        }

        if (!IsIdentStart(c))
        {
            return -1;
        }

        i++;
        while (i < s.Length && IsIdentPart(s[i]))
        {
            i++;
        }

        return i;
    }

    private int QuotedEnd(int i)
    {
        string s = Sql;
        i++;
        while (i < s.Length)
        {
            if (s[i] == '"')
            {
                if (i + 1 < s.Length && s[i + 1] == '"')
                {
                    i += 2;
                    continue;
                }

                return i + 1;
            }

            i++;
        }

        return -1;
    }

    // U&"..." may be followed by UESCAPE 'c', which belongs to the identifier.
    private int UescapeEnd(int end)
    {
        int j = SkipTrivia(end);
        if (j + 7 <= Length && Sql.AsSpan(j, 7).Equals("uescape", StringComparison.OrdinalIgnoreCase)
            && (j + 7 == Length || !IsIdentPart(Sql[j + 7])))
        {
            int k = SkipTrivia(j + 7);
            if (k < Length && Sql[k] == '\'')
            {
                int close = Sql.IndexOf('\'', k + 1);
                while (close >= 0 && close + 1 < Length && Sql[close + 1] == '\'')
                {
                    close = Sql.IndexOf('\'', close + 2);
                }

                return close < 0 ? -1 : close + 1;
            }
        }

        return end;
    }

    // scan.l: ident_start [A-Za-z\200-\377_], ident_cont [A-Za-z\200-\377_0-9\$]; bytes >= 0x80 are
    // any non-ASCII character in UTF-8 text.
    private static bool IsIdentStart(char c) => char.IsAsciiLetter(c) || c == '_' || c >= 0x80;

    private static bool IsIdentPart(char c) => char.IsAsciiLetterOrDigit(c) || c == '_' || c == '$' || c >= 0x80;
}
