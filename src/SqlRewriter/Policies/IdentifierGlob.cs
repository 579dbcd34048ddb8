namespace MaskingProxy.SqlRewriter.Policies;

/// <summary>
/// One part of a column pattern: literal text and <c>*</c> wildcards (any run of characters, including
/// none). Matching is ordinal and case-sensitive, against the names as the catalog stores them.
/// </summary>
public sealed class IdentifierGlob
{
    private readonly string[] _literals; // literal runs between wildcards; _literals.Length == wildcards + 1

    internal IdentifierGlob(IReadOnlyList<string> literals, string display)
    {
        _literals = [.. literals];
        Display = display;
    }

    /// <summary>The part as written (with quotes), for messages.</summary>
    public string Display { get; }

    /// <summary>True when the part is a single <c>*</c>.</summary>
    public bool IsWildcardOnly => _literals.Length == 2 && _literals[0].Length == 0 && _literals[1].Length == 0;

    /// <summary>True when the part contains no wildcard.</summary>
    public bool IsLiteral => _literals.Length == 1;

    /// <summary>Does <paramref name="name"/> match? (ordinal, case-sensitive)</summary>
    public bool Matches(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (_literals.Length == 1)
        {
            return string.Equals(_literals[0], name, StringComparison.Ordinal);
        }

        // First literal anchors the start, last anchors the end, middle ones are found greedily
        // left-to-right; for '*'-only globs this is exact (no backtracking needed).
        string first = _literals[0];
        string last = _literals[^1];
        if (name.Length < first.Length + last.Length
            || !name.StartsWith(first, StringComparison.Ordinal)
            || !name.EndsWith(last, StringComparison.Ordinal))
        {
            return false;
        }

        int pos = first.Length;
        int limit = name.Length - last.Length;
        for (int i = 1; i < _literals.Length - 1; i++)
        {
            string literal = _literals[i];
            if (literal.Length == 0)
            {
                continue;
            }

            int found = name.IndexOf(literal, pos, limit - pos, StringComparison.Ordinal);
            if (found < 0)
            {
                return false;
            }

            pos = found + literal.Length;
        }

        return true;
    }

    /// <inheritdoc />
    public override string ToString() => Display;
}
