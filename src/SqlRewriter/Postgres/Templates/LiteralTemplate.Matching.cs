namespace MaskingProxy.SqlRewriter.Postgres.Templates;

public sealed partial class LiteralTemplate
{
    /// <summary>
    /// The template of <paramref name="sql"/> when it is this template's text with other constants:
    /// every text between literals identical, every literal of the same kind and plainly delimited.
    /// Null otherwise (the caller then scans <paramref name="sql"/> itself).
    /// </summary>
    /// <remarks>
    /// What the server's lexer makes of the text (<see cref="TemplateLiterals"/>) depends only on
    /// the characters, and the texts between literals are the very characters it lexed here. A
    /// literal matches only where the lexer must end it at the same place: a string is a quote, then
    /// anything with quotes doubled, then a quote (what follows is the same text that did not
    /// continue it here); a number is decimal digits with an optional fraction and exponent, not
    /// followed by anything a number or a name could continue with. Texts with a <c>$</c> anywhere are
    /// refused here as by <see cref="TryCreate"/>.
    /// </remarks>
    public LiteralTemplate? TryMatch(string sql)
    {
        ArgumentNullException.ThrowIfNull(sql);
        if (sql.Contains('$', StringComparison.Ordinal))
        {
            return null;
        }
        var literals = new (int Start, int Length)[_literals.Length];
        var position = 0;
        var fixedStart = 0;
        for (var i = 0; i < _literals.Length; i++)
        {
            var (start, length) = _literals[i];
            if (!TryMatchFixed(sql, ref position, _original.AsSpan(fixedStart, start - fixedStart)))
            {
                return null;
            }
            var end = _original[start] == '\'' ? StringEnd(sql, position) : NumberEnd(sql, position, _original[start]);
            if (end < 0)
            {
                return null;
            }
            literals[i] = (position, end - position);
            position = end;
            fixedStart = start + length;
        }
        if (!TryMatchFixed(sql, ref position, _original.AsSpan(fixedStart)) || position != sql.Length)
        {
            return null;
        }
        return new LiteralTemplate(sql, literals, this);
    }

    private static bool TryMatchFixed(string sql, ref int position, ReadOnlySpan<char> expected)
    {
        if (!sql.AsSpan(position).StartsWith(expected, StringComparison.Ordinal))
        {
            return false;
        }
        position += expected.Length;
        return true;
    }

    /// <summary>End of a plain string starting at <paramref name="start"/>; -1 when there is none.</summary>
    private static int StringEnd(string sql, int start)
    {
        if (start >= sql.Length || sql[start] != '\'')
        {
            return -1;
        }
        var i = start + 1;
        while (true)
        {
            var quote = sql.IndexOf('\'', i);
            if (quote < 0)
            {
                return -1;
            }
            if (quote + 1 < sql.Length && sql[quote + 1] == '\'')
            {
                i = quote + 2;
                continue;
            }
            return quote + 1;
        }
    }

    /// <summary>
    /// End of a decimal number starting at <paramref name="start"/> (digits, optional fraction,
    /// optional exponent); -1 when there is none, when it does not start as the template's did, or
    /// when the next character could continue a number or a name.
    /// </summary>
    private static int NumberEnd(string sql, int start, char templateFirst)
    {
        if (start >= sql.Length || !char.IsAsciiDigit(sql[start]) || !char.IsAsciiDigit(templateFirst))
        {
            return -1;
        }
        var i = Digits(sql, start);
        if (i < sql.Length && sql[i] == '.')
        {
            i = Digits(sql, i + 1);
        }
        if (i < sql.Length && sql[i] is 'e' or 'E')
        {
            var exponent = i + 1;
            if (exponent < sql.Length && sql[exponent] is '+' or '-')
            {
                exponent++;
            }
            var digits = Digits(sql, exponent);
            if (digits == exponent)
            {
                return -1;
            }
            i = digits;
        }
        return i < sql.Length && ContinuesToken(sql[i]) ? -1 : i;
    }

    private static int Digits(string sql, int i)
    {
        while (i < sql.Length && char.IsAsciiDigit(sql[i]))
        {
            i++;
        }
        return i;
    }

    // Digits, letters, '_', '.', '$' and every non-ASCII character (PostgreSQL's ident_cont takes \200-\377).
    private static bool ContinuesToken(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '$' || c >= '\u0080';
}
