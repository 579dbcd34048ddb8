using System.Globalization;

namespace MaskingProxy.SqlRewriter.Masks;

/// <summary>Quoting of constant values spliced into mask expressions.</summary>
/// <remarks>
/// <para>Assumption: the session runs with <c>standard_conforming_strings = on</c> (the PostgreSQL default
/// since 9.1, and what libpg_query always lexes with). SPEC §4 makes the proxy deny session-state changes
/// it does not track, so subjects with rules cannot turn it off.</para>
/// <para>Defence in depth: a text without backslashes reads identically under both settings when quoted
/// as <c>'...'</c> with doubled quotes, so that form is used whenever possible. A text containing a
/// backslash is dollar-quoted instead, which has no escape processing under either setting. <c>E'...'</c>
/// is never produced.</para>
/// </remarks>
public static class SqlLiteral
{
    /// <summary>Quotes <paramref name="value"/> as a SQL string constant.</summary>
    /// <exception cref="ArgumentException">The text contains NUL, which PostgreSQL text cannot hold.</exception>
    public static string Quote(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException("SQL text constants cannot contain NUL characters", nameof(value));
        }

        if (!value.Contains('\\', StringComparison.Ordinal))
        {
            return "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";
        }

        // Pick a tag whose first occurrence in value + tag is the closing one, so the body cannot end
        // the constant early (a body ending in "$m" followed by "$m$" would otherwise close at "$m$m").
        for (int i = 0; ; i++)
        {
            string tag = i == 0 ? "$m$" : $"$m{i.ToString(CultureInfo.InvariantCulture)}$";
            if ((value + tag).IndexOf(tag, StringComparison.Ordinal) == value.Length)
            {
                return tag + value + tag;
            }
        }
    }

    /// <summary>A decimal as a SQL numeric constant (invariant culture, never exponent notation).</summary>
    public static string Number(decimal value)
    {
        string text = value.ToString(CultureInfo.InvariantCulture);
        return value < 0 ? "(" + text + ")" : text;
    }
}
