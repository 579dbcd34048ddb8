namespace MaskingProxy.AuditLog.Verify;

/// <summary>
/// Globs over schema.table.column names. A pattern of one, two or three dot-separated parts
/// matches the last one, two or three parts of a name: <c>phone</c> is any column named phone,
/// <c>patients.*</c> any column of a table named patients, <c>public.patients.id_card</c> one column.
/// In each part <c>*</c> matches any run of characters and <c>?</c> one character; comparison is
/// case-insensitive (names are stored as the rewriter resolved them).
/// </summary>
public sealed class ObjectPattern
{
    private readonly string[] _parts;

    public ObjectPattern(string pattern)
    {
        ArgumentException.ThrowIfNullOrEmpty(pattern);
        _parts = pattern.Split('.');
        if (_parts.Length > 3 || _parts.Any(p => p.Length == 0))
        {
            throw new ArgumentException($"'{pattern}' is not a [schema.][table.]column pattern.", nameof(pattern));
        }
    }

    public bool IsMatch(string name)
    {
        var parts = name.Split('.');
        if (parts.Length < _parts.Length)
        {
            return false;
        }

        var offset = parts.Length - _parts.Length;
        for (var i = 0; i < _parts.Length; i++)
        {
            if (!Glob(_parts[i], parts[offset + i]))
            {
                return false;
            }
        }

        return true;
    }

    private static bool Glob(ReadOnlySpan<char> pattern, ReadOnlySpan<char> text)
    {
        // Iterative wildcard match with single-star backtracking: linear in practice, no recursion.
        int p = 0, t = 0, star = -1, mark = 0;
        while (t < text.Length)
        {
            if (p < pattern.Length && (pattern[p] == '?' || char.ToLowerInvariant(pattern[p]) == char.ToLowerInvariant(text[t])))
            {
                p++;
                t++;
            }
            else if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                mark = t;
            }
            else if (star >= 0)
            {
                p = star + 1;
                t = ++mark;
            }
            else
            {
                return false;
            }
        }

        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }

        return p == pattern.Length;
    }
}
