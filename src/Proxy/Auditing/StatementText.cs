namespace MaskingProxy.Proxy.Auditing;

/// <summary>Pieces of statement text for statement records, cut without ever copying a literal into the log.</summary>
internal static class StatementText
{
    /// <summary>The <c>statement</c> of a record whose text could not be normalized: the raw text may hold personal data.</summary>
    public const string Withheld = "<not normalized: text withheld>";

    /// <summary>The action of a text nobody classified.</summary>
    public const string Unknown = "UNKNOWN";

    private const int MaxKeywordLength = 64;

    /// <summary>The range of one statement of the text: the whole text when the range does not fit it.</summary>
    public static (int Start, int Length) Range(string text, int start, int length)
        => start >= 0 && length >= 0 && start <= text.Length - length ? (start, length) : (0, text.Length);

    /// <summary>
    /// The first keyword in upper case (<c>SELECT</c>, <c>WITH</c>…), skipping white space and comments
    /// (which may hold anything); <see cref="Unknown"/> when the text does not start with a word.
    /// </summary>
    public static string FirstKeyword(string text)
    {
        var i = SkipSpaceAndComments(text);
        var start = i;
        while (i < text.Length && i - start < MaxKeywordLength && (char.IsAsciiLetter(text[i]) || text[i] == '_'))
        {
            i++;
        }

        return i == start ? Unknown : text[start..i].ToUpperInvariant();
    }

    private static int SkipSpaceAndComments(string text)
    {
        var i = 0;
        while (i < text.Length)
        {
            if (char.IsWhiteSpace(text[i]) || text[i] == '(')
            {
                i++;
            }
            else if (text[i] == '-' && i + 1 < text.Length && text[i + 1] == '-')
            {
                var end = text.IndexOf('\n', i);
                i = end < 0 ? text.Length : end + 1;
            }
            else if (text[i] == '/' && i + 1 < text.Length && text[i + 1] == '*')
            {
                // PostgreSQL block comments nest.
                var depth = 0;
                do
                {
                    if (text[i] == '/' && i + 1 < text.Length && text[i + 1] == '*')
                    {
                        depth++;
                        i += 2;
                    }
                    else if (text[i] == '*' && i + 1 < text.Length && text[i + 1] == '/')
                    {
                        depth--;
                        i += 2;
                    }
                    else
                    {
                        i++;
                    }
                }
                while (depth > 0 && i < text.Length);
            }
            else
            {
                break;
            }
        }

        return i;
    }
}
