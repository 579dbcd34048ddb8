using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace MaskingProxy.SqlRewriter.Policies;

/// <summary>
/// A <c>schema.table.column</c> pattern from a rule's <c>columns</c> list.
/// </summary>
/// <remarks>
/// <para>Syntax follows SQL identifiers, because that is how security teams see names in the database:
/// each part is unquoted text, a double-quoted name (<c>"My Table"</c>, <c>""</c> for a quote inside), or
/// a mix of those; <c>*</c> outside quotes matches any run of characters; <c>.</c> outside quotes separates
/// the three parts. Inside quotes, <c>*</c> and <c>.</c> are literal.</para>
/// <para>Patterns are matched case-sensitively against the catalog's real names. PostgreSQL folds
/// unquoted identifiers to lower case, so an unquoted upper-case letter in a pattern would be ambiguous
/// (did the author mean the folded name or the exact one?). It is rejected: write <c>patients</c> for a
/// table created as <c>CREATE TABLE Patients</c>, and <c>"Patients"</c> for one created as
/// <c>CREATE TABLE "Patients"</c>. PostgreSQL folds only ASCII letters (in UTF-8 databases), so other
/// letters, such as CJK or Greek, are matched as written, quoted or not.</para>
/// </remarks>
public sealed class ColumnPattern
{
    private ColumnPattern(string text, IdentifierGlob schema, IdentifierGlob table, IdentifierGlob column)
    {
        Text = text;
        Schema = schema;
        Table = table;
        Column = column;
    }

    /// <summary>The pattern as written.</summary>
    public string Text { get; }

    /// <summary>Schema part.</summary>
    public IdentifierGlob Schema { get; }

    /// <summary>Table (or view) part.</summary>
    public IdentifierGlob Table { get; }

    /// <summary>Column part.</summary>
    public IdentifierGlob Column { get; }

    /// <summary>Parses a pattern; throws <see cref="FormatException"/> when malformed.</summary>
    public static ColumnPattern Parse(string text) =>
        TryParse(text, out ColumnPattern? pattern, out string? error) ? pattern : throw new FormatException(error);

    /// <summary>Parses a pattern, or explains what is wrong with it.</summary>
    public static bool TryParse(string text, [NotNullWhen(true)] out ColumnPattern? pattern, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        pattern = null;
        if (!TryParseParts(text, allowWildcards: true, out List<IdentifierGlob>? parts, out error))
        {
            return false;
        }

        if (parts.Count != 3)
        {
            error = $"column pattern '{text}' has {parts.Count} part(s); expected schema.table.column (use '*' for any)";
            return false;
        }

        pattern = new ColumnPattern(text, parts[0], parts[1], parts[2]);
        return true;
    }

    /// <summary>Does the pattern cover this column? Names are the catalog's (exact case).</summary>
    public bool Matches(string schema, string table, string column) =>
        Schema.Matches(schema) && Table.Matches(table) && Column.Matches(column);

    /// <inheritdoc />
    public override string ToString() => Text;

    /// <summary>
    /// Splits dotted SQL-identifier text into parts (shared with <c>allowed_functions</c>, where wildcards
    /// are not allowed).
    /// </summary>
    internal static bool TryParseParts(string text, bool allowWildcards, [NotNullWhen(true)] out List<IdentifierGlob>? parts, [NotNullWhen(false)] out string? error)
    {
        parts = [];
        var literals = new List<string>();
        var current = new StringBuilder();
        var display = new StringBuilder();
        bool partHasContent = false;
        int i = 0;

        while (true)
        {
            bool atEnd = i >= text.Length;
            if (atEnd || text[i] == '.')
            {
                if (!partHasContent)
                {
                    error = $"'{text}' has an empty name part";
                    parts = null;
                    return false;
                }

                literals.Add(current.ToString());
                parts.Add(new IdentifierGlob(literals, display.ToString()));
                if (atEnd)
                {
                    error = null;
                    return true;
                }

                literals = [];
                current.Clear();
                display.Clear();
                partHasContent = false;
                i++;
                continue;
            }

            char c = text[i];
            if (c == '"')
            {
                int start = i;
                i++;
                int before = current.Length;
                while (true)
                {
                    if (i >= text.Length)
                    {
                        error = $"'{text}' has an unterminated quoted name";
                        parts = null;
                        return false;
                    }

                    if (text[i] == '"')
                    {
                        if (i + 1 < text.Length && text[i + 1] == '"')
                        {
                            current.Append('"');
                            i += 2;
                            continue;
                        }

                        i++;
                        break;
                    }

                    current.Append(text[i++]);
                }

                if (current.Length == before)
                {
                    error = $"'{text}' has an empty quoted name (\"\")";
                    parts = null;
                    return false;
                }

                display.Append(text, start, i - start);
                partHasContent = true;
            }
            else if (c == '*')
            {
                if (!allowWildcards)
                {
                    error = $"'{text}': '*' is not allowed here";
                    parts = null;
                    return false;
                }

                literals.Add(current.ToString());
                current.Clear();
                display.Append('*');
                partHasContent = true;
                i++;
            }
            else if (char.IsAsciiLetterUpper(c))
            {
                error = $"'{text}': unquoted '{c}' is ambiguous because PostgreSQL folds unquoted names to lower case; write the lower-case name, or quote the exact name (\"...\")";
                parts = null;
                return false;
            }
            else if (char.IsLetterOrDigit(c) || c == '_' || c == '$')
            {
                current.Append(c);
                display.Append(c);
                partHasContent = true;
                i++;
            }
            else
            {
                error = $"'{text}': character '{c}' is not allowed in an unquoted name (quote the name)";
                parts = null;
                return false;
            }
        }
    }
}
