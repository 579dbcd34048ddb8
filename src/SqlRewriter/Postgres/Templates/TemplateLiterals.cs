using MaskingProxy.SqlRewriter.Postgres.Ast;
using MaskingProxy.SqlRewriter.Postgres.Interop;

namespace MaskingProxy.SqlRewriter.Postgres.Templates;

/// <summary>
/// Finds the literals a <see cref="LiteralTemplate"/> replaces, on PostgreSQL's own tokens
/// (<see cref="PgQuery.Scan"/>). A hand lexer would have to copy scan.l's character classes and would
/// drift from them (U+00A0 is whitespace to .NET but continues an identifier in PostgreSQL, so
/// <c>= \u00A05</c> is a name, not the number 5); the server's lexer cannot disagree with the server.
/// </summary>
/// <remarks>
/// Which literals are values is decided from the token before them (see <see cref="LiteralTemplate"/>):
/// strings always; numbers after an operator, <c>LIMIT</c>/<c>OFFSET</c>, or inside a parenthesis that
/// opens a value list. Anything unusual (prefixed strings, non-decimal numbers, an unbalanced
/// parenthesis, text the lexer refuses) makes the whole text ineligible rather than guessed at.
/// </remarks>
internal static class TemplateLiterals
{
    private enum Kind
    {
        None,
        Word,
        QuotedWord,
        Operator,
        OpenParen,
        Comma,
        Other,
    }

    /// <summary>The literals to replace, in text order; null when the text is not eligible.</summary>
    public static List<(int Start, int Length)>? Find(string sql)
    {
        IReadOnlyList<PgToken> tokens;
        try
        {
            tokens = PgQuery.Scan(sql);
        }
        catch (PgQueryException)
        {
            return null;
        }

        var literals = new List<(int Start, int Length)>();
        // Per open parenthesis: whether numbers directly inside it are values.
        var lists = new Stack<bool>();
        var previous = Kind.None;
        var previousToken = default(PgToken);
        foreach (var token in tokens)
        {
            if (token.Kind is Token.SqlComment or Token.CComment)
            {
                continue;
            }

            var kind = Classify(sql, token);
            switch (token.Kind)
            {
                case Token.Sconst:
                    if (!IsPlainString(sql, token) || GluedToWordOrNumber(token, previous, previousToken))
                    {
                        return null; // E'' (escapes), or N'' / type'…' / 1'…': not a plain value
                    }

                    literals.Add((token.Start, token.Length));
                    break;
                case Token.Usconst or Token.Bconst or Token.Xconst:
                    return null; // U&'', B'', X'': encodings the template does not model
                case Token.Iconst or Token.Fconst:
                    if (!IsDecimal(sql.AsSpan(token.Start, token.Length)))
                    {
                        return null; // 0x1F, 1_000 (newer servers): keep the text as written
                    }

                    if (IsValuePosition(previous, previousToken, lists))
                    {
                        literals.Add((token.Start, token.Length));
                    }

                    break;
                case Token.Ascii40:
                    lists.Push(OpensValueList(previous, previousToken, lists));
                    break;
                case Token.Ascii41:
                    if (!lists.TryPop(out _))
                    {
                        return null;
                    }

                    break;
            }

            previous = kind;
            previousToken = token;
        }

        return literals;
    }

    private static Kind Classify(string sql, PgToken token) => token.Kind switch
    {
        Token.Ascii40 => Kind.OpenParen,
        Token.Ascii44 => Kind.Comma,
        Token.Ident => token.Length > 0 && sql[token.Start] == '"' ? Kind.QuotedWord : Kind.Word,
        Token.Uident => Kind.QuotedWord,
        Token.Op or Token.Ascii37 or Token.Ascii42 or Token.Ascii43 or Token.Ascii45 or Token.Ascii47 or Token.Ascii60
            or Token.Ascii61 or Token.Ascii62 or Token.Ascii63 or Token.Ascii94 or Token.LessEquals or Token.GreaterEquals
            or Token.NotEquals or Token.EqualsGreater or Token.ColonEquals => Kind.Operator,
        _ when token.KeywordKind != KeywordKind.NoKeyword => Kind.Word,
        _ => Kind.Other,
    };

    /// <summary>A number here is a value, not a column ordinal (<c>ORDER BY 2</c>) or a grouping item.</summary>
    private static bool IsValuePosition(Kind previous, PgToken previousToken, Stack<bool> lists) => previous switch
    {
        Kind.Operator => true,
        Kind.Word => previousToken.Kind is Token.Limit or Token.Offset,
        Kind.OpenParen or Kind.Comma => lists.Count > 0 && lists.Peek(),
        _ => false,
    };

    /// <summary>
    /// Numbers inside this parenthesis are values (argument lists, IN lists, VALUES rows) unless the
    /// opener follows a word that makes them column ordinals or grouping items.
    /// </summary>
    private static bool OpensValueList(Kind previous, PgToken previousToken, Stack<bool> lists) => previous switch
    {
        Kind.Word => previousToken.Kind is not (Token.On or Token.Sets or Token.Rollup or Token.Cube or Token.By or Token.Grouping or Token.Distinct),
        Kind.Operator => true,
        Kind.OpenParen or Kind.Comma => lists.Count > 0 && lists.Peek(),
        _ => false,
    };

    private static bool GluedToWordOrNumber(PgToken token, Kind previous, PgToken previousToken) =>
        previousToken.Start + previousToken.Length == token.Start
        && (previous is Kind.Word or Kind.QuotedWord || previousToken.Kind is Token.Iconst or Token.Fconst);

    // '…' with quotes doubled, possibly continued on a following line ('a'\n'b' is one token).
    private static bool IsPlainString(string sql, PgToken token) =>
        token.Length >= 2 && sql[token.Start] == '\'' && sql[token.Start + token.Length - 1] == '\'';

    private static bool IsDecimal(ReadOnlySpan<char> number)
    {
        foreach (var c in number)
        {
            if (!char.IsAsciiDigit(c) && c is not ('.' or 'e' or 'E' or '+' or '-'))
            {
                return false;
            }
        }

        return number.Length > 0;
    }
}
