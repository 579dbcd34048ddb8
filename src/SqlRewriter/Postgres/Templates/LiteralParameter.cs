using System.Globalization;
using System.Text;

namespace MaskingProxy.SqlRewriter.Postgres.Templates;

/// <summary>A template literal as a parameter: the type PostgreSQL gives the literal, and its value in text format.</summary>
internal static class LiteralParameter
{
    /// <summary>Left for the server to infer from where the parameter stands, as it does for an untyped literal.</summary>
    public const int Unspecified = 0;

    public const int Int4 = 23;

    public const int Int8 = 20;

    public const int Numeric = 1700;

    /// <summary>
    /// Describes a literal as the template found it (a decimal number or a plain <c>'…'</c> string); false
    /// for a string continued on another line (<c>'a'</c> newline <c>'b'</c>), which stays written in.
    /// </summary>
    public static bool TryDescribe(ReadOnlySpan<char> literal, out int type, out string value)
    {
        if (literal.Length > 0 && literal[0] == '\'')
        {
            type = Unspecified;
            return TryUnquote(literal, out value);
        }
        value = literal.ToString();
        type = TypeOfNumber(literal);
        return true;
    }

    /// <summary>
    /// Docs §4.1.2.6: digits only is <c>integer</c> when it fits 32 bits, else <c>bigint</c> when it fits
    /// 64 bits, else <c>numeric</c>; a decimal point or exponent is always <c>numeric</c>.
    /// </summary>
    private static int TypeOfNumber(ReadOnlySpan<char> number)
    {
        foreach (var c in number)
        {
            if (!char.IsAsciiDigit(c))
            {
                return Numeric;
            }
        }
        return !long.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? Numeric
            : n <= int.MaxValue ? Int4
            : Int8;
    }

    // '…' with quotes doubled (standard_conforming_strings on: backslash is an ordinary character).
    private static bool TryUnquote(ReadOnlySpan<char> literal, out string value)
    {
        value = string.Empty;
        if (literal.Length < 2 || literal[^1] != '\'')
        {
            return false;
        }
        var inner = literal[1..^1];
        if (inner.IndexOf('\'') < 0)
        {
            value = inner.ToString();
            return true;
        }
        var text = new StringBuilder(inner.Length);
        for (var i = 0; i < inner.Length; i++)
        {
            if (inner[i] == '\'')
            {
                if (i + 1 >= inner.Length || inner[i + 1] != '\'')
                {
                    return false; // a quote closing one piece of a continued string
                }
                i++;
            }
            text.Append(inner[i]);
        }
        value = text.ToString();
        return true;
    }
}
