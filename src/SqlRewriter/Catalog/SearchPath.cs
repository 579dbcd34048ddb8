using System.Text;

namespace MaskingProxy.SqlRewriter.Catalog;

/// <summary>
/// A PostgreSQL <c>search_path</c>: the schema names as the server stores them (exact, already unquoted and
/// case-folded), including the special entries <c>$user</c> and <c>pg_temp</c>.
/// </summary>
/// <remarks>
/// <para>Resolution follows PostgreSQL (namespace.c, recomputeNamespacePath): the session's temporary
/// schema is searched first for relations unless <c>pg_temp</c> is listed, <c>pg_catalog</c> is searched
/// before the listed schemas unless it is listed explicitly (then it is searched in its position),
/// <c>$user</c> stands for the schema named like the current role and is skipped when no such schema exists.
/// Functions and operators never resolve through the temporary schema.</para>
/// <para>Values reach the proxy in two forms: <c>SHOW search_path</c> text (a comma-separated identifier list:
/// unquoted names are folded to lower case, quoted names are exact) — use <see cref="Parse"/>; and
/// <c>SET search_path = a, "B", 'c d'</c>, whose arguments are already exact names (the server quotes each
/// one, so <c>'c d'</c> is one schema named <c>c d</c>) — use <see cref="FromNames"/>.</para>
/// </remarks>
public sealed class SearchPath : IEquatable<SearchPath>
{
    /// <summary>The special entry for the current role's schema.</summary>
    public const string UserEntry = "$user";

    /// <summary>The special entry for the session's temporary schema.</summary>
    public const string TempEntry = "pg_temp";

    /// <summary>The system catalog schema.</summary>
    public const string CatalogSchema = "pg_catalog";

    private readonly string[] _entries;
    private string? _text;

    private SearchPath(string[] entries) => _entries = entries;

    /// <summary>PostgreSQL's default, <c>"$user", public</c>.</summary>
    public static SearchPath Default { get; } = new([UserEntry, "public"]);

    /// <summary>Entries in order (exact names; <c>$user</c> and <c>pg_temp</c> kept as written).</summary>
    public IReadOnlyList<string> Entries => _entries;

    /// <summary>Does the path depend on the current role (contains <c>$user</c>)?</summary>
    public bool DependsOnUser => Array.IndexOf(_entries, UserEntry) >= 0;

    /// <summary>Creates a path from exact schema names (as <c>SET search_path</c> arguments carry them).</summary>
    public static SearchPath FromNames(IEnumerable<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        return new SearchPath([.. names]);
    }

    /// <summary>
    /// Parses <c>SHOW search_path</c> text with the server's identifier-list rules (SplitIdentifierString):
    /// unquoted names are folded to lower case (ASCII only), double-quoted names are exact with <c>""</c> for a quote.
    /// </summary>
    /// <exception cref="FormatException">The text is not a valid identifier list.</exception>
    public static SearchPath Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var entries = new List<string>();
        int i = 0;
        SkipSpace(text, ref i);
        if (i >= text.Length)
        {
            return new SearchPath([]);
        }

        while (true)
        {
            SkipSpace(text, ref i);
            var name = new StringBuilder();
            if (i < text.Length && text[i] == '"')
            {
                i++;
                while (true)
                {
                    if (i >= text.Length)
                    {
                        throw new FormatException($"unterminated quoted name in search_path '{text}'");
                    }

                    if (text[i] == '"')
                    {
                        if (i + 1 < text.Length && text[i + 1] == '"')
                        {
                            name.Append('"');
                            i += 2;
                            continue;
                        }

                        i++;
                        break;
                    }

                    name.Append(text[i++]);
                }
            }
            else
            {
                int start = i;
                while (i < text.Length && text[i] != ',' && !char.IsWhiteSpace(text[i]))
                {
                    i++;
                }

                if (i == start)
                {
                    throw new FormatException($"empty name in search_path '{text}'");
                }

                // The server folds unquoted identifiers with downcase_identifier: ASCII letters only.
                foreach (char c in text.AsSpan(start, i - start))
                {
                    name.Append(char.IsAsciiLetterUpper(c) ? (char)(c + 32) : c);
                }
            }

            entries.Add(name.ToString());
            SkipSpace(text, ref i);
            if (i >= text.Length)
            {
                break;
            }

            if (text[i] != ',')
            {
                throw new FormatException($"expected ',' in search_path '{text}' at position {i}");
            }

            i++;
        }

        return new SearchPath([.. entries]);
    }

    /// <summary>
    /// The schemas searched for a relation, in order: <see cref="TempEntry"/> stands for the session's temporary
    /// schema; <c>$user</c> is replaced by <paramref name="currentUser"/> when such a schema exists.
    /// </summary>
    /// <param name="currentUser">The current role (after SET ROLE), for <c>$user</c>.</param>
    /// <param name="schemaExists">Tells whether a schema exists (non-existent entries are skipped, like the server does).</param>
    /// <param name="forRelations">True for relations (temporary schema searched), false for functions, operators and types.</param>
    public IReadOnlyList<string> EffectiveSchemas(string currentUser, Func<string, bool> schemaExists, bool forRelations)
    {
        ArgumentNullException.ThrowIfNull(currentUser);
        ArgumentNullException.ThrowIfNull(schemaExists);
        var result = new List<string>(_entries.Length + 2);
        if (forRelations && Array.IndexOf(_entries, TempEntry) < 0)
        {
            result.Add(TempEntry);
        }

        if (Array.IndexOf(_entries, CatalogSchema) < 0)
        {
            result.Add(CatalogSchema);
        }

        foreach (string entry in _entries)
        {
            string schema = entry;
            if (entry == UserEntry)
            {
                if (!schemaExists(currentUser))
                {
                    continue;
                }

                schema = currentUser;
            }
            else if (entry == TempEntry)
            {
                if (!forRelations)
                {
                    continue;
                }
            }
            else if (entry != CatalogSchema && !schemaExists(entry))
            {
                continue;
            }

            if (!result.Contains(schema))
            {
                result.Add(schema);
            }
        }

        return result;
    }

    /// <summary>The path as <c>SHOW search_path</c> would print it (names quoted when needed).</summary>
    public override string ToString() => _text ??= string.Join(", ", _entries.Select(QuoteIfNeeded));

    /// <inheritdoc />
    public bool Equals(SearchPath? other) => other is not null && _entries.AsSpan().SequenceEqual(other._entries);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as SearchPath);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(ToString());

    private static void SkipSpace(string text, ref int i)
    {
        while (i < text.Length && char.IsWhiteSpace(text[i]))
        {
            i++;
        }
    }

    private static string QuoteIfNeeded(string name)
    {
        bool plain = name.Length > 0 && (char.IsAsciiLetterLower(name[0]) || name[0] == '_')
            && name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_');
        return plain ? name : "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }
}
