using System.Globalization;
using System.Text;
using MaskingProxy.SqlRewriter.Postgres.Ast;
using MaskingProxy.SqlRewriter.Postgres.Interop;

namespace MaskingProxy.SqlRewriter.Postgres;

/// <summary>
/// The lexical pass of <see cref="StatementNormalizer"/>: rebuilds a text from its tokens, with every
/// literal token replaced by a <c>$n</c> placeholder and every comment dropped.
/// </summary>
/// <remarks>
/// <para>It works on tokens, not on the parse tree, so it covers what libpg_query's normalize leaves (it
/// only replaces <c>A_Const</c> nodes it visits) and text that does not parse at all.</para>
/// <para>Fail closed: the output is built only from whitespace, non-literal tokens and placeholders. A
/// literal's placeholder stands for everything up to the next token. If the scanner fails, or its tokens
/// do not tile the text (anything but whitespace after a non-literal token, overlapping, out-of-order or
/// empty tokens), the result is null and the caller stores no text.</para>
/// <para>Comments are dropped rather than kept: they are free text (commented-out predicates, trace
/// tags with user ids) and the audit record needs the statement's structure, not its annotations.</para>
/// </remarks>
internal static class LiteralScrubber
{
    /// <summary>
    /// Scrubs <paramref name="text"/>. Placeholders are numbered after the highest <c>$n</c> already in
    /// the text, so they never collide with bind parameters or with libpg_query's own placeholders.
    /// </summary>
    /// <returns>The scrubbed, trimmed text; null when the text cannot be scrubbed safely.</returns>
    public static string? TryScrub(string text)
    {
        IReadOnlyList<PgToken> tokens;
        try
        {
            tokens = PgQuery.Scan(text);
        }
        catch (PgQueryException)
        {
            return null;
        }

        long next = HighestParameter(text, tokens) + 1;
        var output = new StringBuilder(text.Length);
        int position = 0;
        for (int i = 0; i < tokens.Count; i++)
        {
            PgToken token = tokens[i];
            int end = token.Start + token.Length;
            int following = i + 1 < tokens.Count ? tokens[i + 1].Start : text.Length;
            if (token.Start < position || token.Length < 0 || end > following || following > text.Length || !IsWhitespace(text, position, token.Start))
            {
                return null;
            }

            output.Append(text, position, token.Start - position);
            if (IsLiteral(token.Kind))
            {
                // A literal runs up to the next token, not to its reported end: libpg_query reports
                // U&'…' with length 0, and a string continued on the next line as two parts. Whatever
                // lies between is replaced with it rather than trusted.
                end = EndOfText(text, Math.Max(end, token.Start + 1), following);
                AppendPlaceholder(output, next++, text, end);
            }
            else if (token.Kind is Token.SqlComment or Token.CComment)
            {
                // The comment's line keeps no trailing blanks; neighbouring tokens stay apart: "a/**/b"
                // must not become "ab", nor "-/**/-" a comment.
                while (output.Length > 0 && output[^1] is ' ' or '\t')
                {
                    output.Length--;
                }

                if (output.Length > 0 && !IsWhitespace(output[^1]) && end < text.Length && !IsWhitespace(text[end]))
                {
                    output.Append(' ');
                }
            }
            else if (token.Kind == Token.Uident)
            {
                // libpg_query reports U&"…" as the one character "U"; keep the identifier only when
                // the text up to the next token is exactly one well-formed U&"…".
                end = EndOfText(text, end, following);
                if (!IsUnicodeIdentifier(text.AsSpan(token.Start, end - token.Start)))
                {
                    return null;
                }

                output.Append(text, token.Start, end - token.Start);
            }
            else if (token.Length == 0)
            {
                return null;
            }
            else
            {
                output.Append(text, token.Start, token.Length);
            }

            position = end;
        }

        if (!IsWhitespace(text, position, text.Length))
        {
            return null;
        }

        return output.ToString().Trim();
    }

    /// <summary>Token kinds whose text is a constant value (PostgreSQL's scan.l).</summary>
    /// <remarks>
    /// <see cref="Token.Sconst"/> covers '…', E'…', dollar-quoted strings and continued strings;
    /// <see cref="Token.Usconst"/> U&amp;'…'; <see cref="Token.Bconst"/> B'…'; <see cref="Token.Xconst"/>
    /// X'…'; <see cref="Token.Iconst"/> and <see cref="Token.Fconst"/> numbers. Quoted identifiers
    /// (<see cref="Token.Ident"/>, <see cref="Token.Uident"/>) are names, not values, and stay.
    /// </remarks>
    internal static bool IsLiteral(Token kind) =>
        kind is Token.Sconst or Token.Usconst or Token.Bconst or Token.Xconst or Token.Iconst or Token.Fconst;

    private static void AppendPlaceholder(StringBuilder output, long number, string text, int end)
    {
        // "N'x'" lexes as the keyword N and a string; "N$1" would read as one identifier.
        if (output.Length > 0 && IsIdentifierChar(output[^1]))
        {
            output.Append(' ');
        }

        output.Append('$').Append(number.ToString(CultureInfo.InvariantCulture));
        if (end < text.Length && IsIdentifierChar(text[end]))
        {
            output.Append(' ');
        }
    }

    private static long HighestParameter(string text, IReadOnlyList<PgToken> tokens)
    {
        long highest = 0;
        foreach (PgToken token in tokens)
        {
            if (token.Kind == Token.Param && token.Length > 1
                && long.TryParse(text.AsSpan(token.Start + 1, token.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out long number))
            {
                highest = Math.Max(highest, Math.Min(number, int.MaxValue));
            }
        }

        return highest;
    }

    // U&"…" with embedded quotes doubled (scan.l: xuistart, xdinside, xdstop).
    private static bool IsUnicodeIdentifier(ReadOnlySpan<char> text)
    {
        if (text.Length < 4 || (text[0] | 0x20) != 'u' || text[1] != '&' || text[2] != '"' || text[^1] != '"')
        {
            return false;
        }

        ReadOnlySpan<char> inside = text[3..^1];
        for (int i = 0; i < inside.Length; i++)
        {
            if (inside[i] == '"')
            {
                if (i + 1 >= inside.Length || inside[i + 1] != '"')
                {
                    return false;
                }

                i++;
            }
        }

        return true;
    }

    // End of the last non-whitespace character in [start, limit), at least start.
    private static int EndOfText(string text, int start, int limit)
    {
        int end = limit;
        while (end > start && IsWhitespace(text[end - 1]))
        {
            end--;
        }

        return Math.Max(end, Math.Min(start, limit));
    }

    private static bool IsWhitespace(string text, int start, int end)
    {
        for (int i = start; i < end; i++)
        {
            if (!IsWhitespace(text[i]))
            {
                return false;
            }
        }

        return true;
    }

    // PostgreSQL's scanner whitespace: space, tab, newline, carriage return, form feed (and vertical tab
    // from PostgreSQL 16 on). Anything else between tokens means the scanner skipped text.
    private static bool IsWhitespace(char c) => c is ' ' or '\t' or '\n' or '\r' or '\f' or '\v';

    // Characters that continue an identifier or a parameter number (scan.l: ident_cont, plus any
    // non-ASCII character, which PostgreSQL treats as a letter).
    private static bool IsIdentifierChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '$' || c >= '\u0080';
}
