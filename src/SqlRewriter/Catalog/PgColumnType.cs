using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace MaskingProxy.SqlRewriter.Catalog;

/// <summary>
/// A validated PostgreSQL type name as <c>format_type()</c> prints it (e.g. <c>character varying(20)</c>,
/// <c>timestamp(3) with time zone</c>, <c>numeric(12,2)</c>, <c>public."My Type"[]</c>), with its
/// category for mask checks.
/// </summary>
/// <remarks>
/// Mask builders splice the type text into SQL (<c>CAST(... AS type)</c>), so only a conservative type
/// grammar is accepted: names (unquoted <c>[A-Za-z_][A-Za-z0-9_$]*</c> or double-quoted), one optional
/// schema qualifier, extra keywords (<c>varying</c>, <c>with time zone</c>, ...), one list of integer
/// modifiers and array brackets. No string quotes, semicolons, comments or operators can get through, and
/// parentheses only enclose integers, so the text cannot close the surrounding expression.
/// </remarks>
public sealed class PgColumnType
{
    private static readonly Dictionary<string, PgTypeCategory> s_categories = new(StringComparer.Ordinal)
    {
        ["text"] = PgTypeCategory.Character,
        ["character varying"] = PgTypeCategory.Character,
        ["varchar"] = PgTypeCategory.Character,
        ["character"] = PgTypeCategory.Character,
        ["char"] = PgTypeCategory.Character,
        ["bpchar"] = PgTypeCategory.Character,
        ["name"] = PgTypeCategory.Character,
        ["citext"] = PgTypeCategory.Character,
        ["date"] = PgTypeCategory.Date,
        ["timestamp"] = PgTypeCategory.Timestamp,
        ["timestamp without time zone"] = PgTypeCategory.Timestamp,
        ["timestamptz"] = PgTypeCategory.TimestampTz,
        ["timestamp with time zone"] = PgTypeCategory.TimestampTz,
        ["smallint"] = PgTypeCategory.Integer,
        ["integer"] = PgTypeCategory.Integer,
        ["int"] = PgTypeCategory.Integer,
        ["bigint"] = PgTypeCategory.Integer,
        ["int2"] = PgTypeCategory.Integer,
        ["int4"] = PgTypeCategory.Integer,
        ["int8"] = PgTypeCategory.Integer,
        ["numeric"] = PgTypeCategory.Numeric,
        ["decimal"] = PgTypeCategory.Numeric,
        ["real"] = PgTypeCategory.Numeric,
        ["double precision"] = PgTypeCategory.Numeric,
        ["float4"] = PgTypeCategory.Numeric,
        ["float8"] = PgTypeCategory.Numeric,
        ["float"] = PgTypeCategory.Numeric,
    };

    private PgColumnType(string text, PgTypeCategory category, string baseName, IReadOnlyList<int> modifiers)
    {
        Text = text;
        Category = category;
        BaseName = baseName;
        Modifiers = modifiers;
    }

    /// <summary>The validated type text (trimmed), safe to splice into <c>CAST(... AS …)</c>.</summary>
    public string Text { get; }

    /// <summary>Category used for mask compatibility.</summary>
    public PgTypeCategory Category { get; }

    /// <summary>Lower-cased unquoted words without modifiers, e.g. <c>timestamp with time zone</c>; empty for quoted names.</summary>
    public string BaseName { get; }

    /// <summary>Type modifiers, e.g. <c>[12, 2]</c> for <c>numeric(12,2)</c>.</summary>
    public IReadOnlyList<int> Modifiers { get; }

    /// <summary>Parses and validates <paramref name="text"/>.</summary>
    /// <exception cref="ArgumentException">The text is not an acceptable type name.</exception>
    public static PgColumnType Parse(string text) =>
        TryParse(text, out PgColumnType? type, out string? error) ? type : throw new ArgumentException(error, nameof(text));

    /// <summary>Parses and validates <paramref name="text"/>.</summary>
    public static bool TryParse(string text, [NotNullWhen(true)] out PgColumnType? type, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        type = null;
        string trimmed = text.Trim();
        var words = new List<string>();
        var modifiers = new List<int>();
        bool quotedName = false;
        bool qualified = false;
        bool sawModifiers = false;
        bool sawArray = false;
        int i = 0;

        while (i < trimmed.Length)
        {
            char c = trimmed[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
                continue;
            }

            if (sawArray && c != '[')
            {
                error = $"unexpected '{c}' after array brackets in type '{trimmed}'";
                return false;
            }

            if (c == '"')
            {
                if (words.Count > 0 && !(qualified && words.Count == 1))
                {
                    error = $"quoted name in an unexpected place in type '{trimmed}'";
                    return false;
                }

                int end = i + 1;
                var sb = new StringBuilder();
                while (true)
                {
                    if (end >= trimmed.Length)
                    {
                        error = $"unterminated quoted name in type '{trimmed}'";
                        return false;
                    }

                    if (trimmed[end] == '"')
                    {
                        if (end + 1 < trimmed.Length && trimmed[end + 1] == '"')
                        {
                            sb.Append('"');
                            end += 2;
                            continue;
                        }

                        break;
                    }

                    if (trimmed[end] == '\0')
                    {
                        error = "NUL in type name";
                        return false;
                    }

                    sb.Append(trimmed[end++]);
                }

                if (sb.Length == 0)
                {
                    error = $"empty quoted name in type '{trimmed}'";
                    return false;
                }

                quotedName = true;
                words.Add("\"" + sb + "\"");
                i = end + 1;
            }
            else if (IsIdentStart(c))
            {
                int start = i;
                while (i < trimmed.Length && IsIdentPart(trimmed[i]))
                {
                    i++;
                }

                words.Add(trimmed[start..i].ToLowerInvariant());
            }
            else if (c == '.')
            {
                if (words.Count != 1 || qualified || sawModifiers)
                {
                    error = $"unexpected '.' in type '{trimmed}'";
                    return false;
                }

                qualified = true;
                i++;
            }
            else if (c == '(')
            {
                if (words.Count == 0 || sawModifiers)
                {
                    error = $"unexpected '(' in type '{trimmed}'";
                    return false;
                }

                int close = trimmed.IndexOf(')', i);
                if (close < 0)
                {
                    error = $"unterminated type modifier in '{trimmed}'";
                    return false;
                }

                foreach (string part in trimmed[(i + 1)..close].Split(','))
                {
                    string p = part.Trim();
                    if (!IsInteger(p) || !int.TryParse(p, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int value))
                    {
                        error = $"type modifiers must be integers in '{trimmed}'";
                        return false;
                    }

                    modifiers.Add(value);
                }

                sawModifiers = true;
                i = close + 1;
            }
            else if (c == '[')
            {
                if (words.Count == 0)
                {
                    error = $"unexpected '[' in type '{trimmed}'";
                    return false;
                }

                int close = trimmed.IndexOf(']', i);
                if (close < 0 || (close > i + 1 && !trimmed[(i + 1)..close].All(char.IsAsciiDigit)))
                {
                    error = $"malformed array brackets in type '{trimmed}'";
                    return false;
                }

                sawArray = true;
                i = close + 1;
            }
            else
            {
                error = $"character '{c}' is not allowed in a type name ('{trimmed}')";
                return false;
            }
        }

        if (words.Count == 0 || (qualified && words.Count < 2))
        {
            error = $"'{trimmed}' is not a type name";
            return false;
        }

        // pg_catalog.x is the built-in x; any other qualifier is a user type that merely shares a name.
        bool builtinSchema = !qualified || words[0] == "pg_catalog";
        string baseName = quotedName ? string.Empty : string.Join(' ', qualified ? words.Skip(1) : words);
        PgTypeCategory category = PgTypeCategory.Other;
        if (!sawArray && !quotedName && (builtinSchema || baseName == "citext"))
        {
            category = s_categories.GetValueOrDefault(baseName, PgTypeCategory.Other);
        }

        type = new PgColumnType(trimmed, category, baseName, modifiers);
        error = null;
        return true;
    }

    /// <inheritdoc />
    public override string ToString() => Text;

    private static bool IsIdentStart(char c) => char.IsAsciiLetter(c) || c == '_';

    private static bool IsIdentPart(char c) => char.IsAsciiLetterOrDigit(c) || c == '_' || c == '$';

    private static bool IsInteger(string s) =>
        s.Length > 0 && (s[0] == '-' ? s.Length > 1 && s[1..].All(char.IsAsciiDigit) : s.All(char.IsAsciiDigit));
}
