using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using MaskingProxy.SqlRewriter.Postgres.Ast;
using MaskingProxy.SqlRewriter.Postgres.Interop;

namespace MaskingProxy.SqlRewriter.Postgres.Templates;

/// <summary>
/// A statement text with its plain literals replaced by parameter placeholders <c>$1..$n</c>, so that
/// texts differing only in constants (<c>WHERE aid = 17</c> vs <c>WHERE aid = 42</c>, the shape of every
/// simple-protocol application) share one rewrite-cache entry.
/// </summary>
/// <remarks>
/// <para>Safety rests on two rules. (1) Only literals whose value cannot change how the statement reads
/// are replaced: plain <c>'…'</c> strings, and numbers right after an operator, <c>LIMIT</c>/<c>OFFSET</c>,
/// or inside an argument/value list. A number after <c>BY</c> or in <c>DISTINCT ON (…)</c>/<c>GROUPING
/// SETS</c> is a column ordinal and stays. Any <c>$</c> (parameters, dollar quotes) or prefixed string
/// (<c>E''</c>, <c>U&amp;''</c>, <c>B''</c>, <c>X''</c>, <c>N''</c>) makes the text ineligible. (2) The
/// caller uses the template's rewrite only when it is an allow; a placeholder the rewriter cannot judge
/// (<c>set_config($1, …)</c>) denies, and the caller then decides the original text itself.</para>
/// <para>Requires standard_conforming_strings on (backslashes are not escapes in plain strings).</para>
/// </remarks>
public sealed partial class LiteralTemplate
{
    private static readonly ConditionalWeakTable<string, PlaceholderList> s_placeholders = [];

    private readonly string _original;
    private readonly (int Start, int Length)[] _literals;
    private readonly (int Start, int Length)[] _placeholders;

    private LiteralTemplate(string original, (int Start, int Length)[] literals)
    {
        _original = original;
        _literals = literals;
        (Text, _placeholders) = Build(original, literals);
    }

    /// <summary>A text of <paramref name="shape"/>'s shape: the template text, and so its rewrite-cache key, is shared.</summary>
    private LiteralTemplate(string original, (int Start, int Length)[] literals, LiteralTemplate shape)
    {
        _original = original;
        _literals = literals;
        Text = shape.Text;
        _placeholders = shape._placeholders;
    }

    /// <summary>The text with placeholders.</summary>
    public string Text { get; }

    /// <summary>The original text of literal <paramref name="index"/> (0-based; placeholder <c>$index+1</c>).</summary>
    private ReadOnlySpan<char> Literal(int index) => _original.AsSpan(_literals[index].Start, _literals[index].Length);

    /// <summary>Builds the template, or returns null when the text is not eligible or has no literal to replace.</summary>
    public static LiteralTemplate? TryCreate(string sql)
    {
        ArgumentNullException.ThrowIfNull(sql);
        if (sql.Contains('$', StringComparison.Ordinal))
        {
            return null;
        }
        return TemplateLiterals.Find(sql) is { Count: > 0 } literals
            ? new LiteralTemplate(sql, [.. literals])
            : null;
    }

    /// <summary>The template text and where each placeholder landed in it (for <see cref="ToOriginal"/>).</summary>
    private static (string Text, (int Start, int Length)[] Placeholders) Build(string sql, (int Start, int Length)[] literals)
    {
        var text = new StringBuilder(sql.Length + literals.Length * 2);
        var placeholders = new (int Start, int Length)[literals.Length];
        var position = 0;
        for (var i = 0; i < literals.Length; i++)
        {
            var (start, length) = literals[i];
            text.Append(sql, position, start - position);
            var placeholderStart = text.Length;
            text.Append('$').Append(i + 1);
            placeholders[i] = (placeholderStart, text.Length - placeholderStart);
            position = start + length;
        }
        return (text.Append(sql, position, sql.Length - position).ToString(), placeholders);
    }

    /// <summary>Maps a position in <see cref="Text"/> back to the original text.</summary>
    public int ToOriginal(int templatePosition)
    {
        // The last placeholder starting at or before the position: inside it maps to its literal's
        // start, after it the texts run in step from the two ends.
        var i = BinarySearchStart(templatePosition);
        if (i < 0)
        {
            return templatePosition;
        }
        var placeholder = _placeholders[i];
        var literal = _literals[i];
        var after = templatePosition - (placeholder.Start + placeholder.Length);
        return after < 0 ? literal.Start : literal.Start + literal.Length + after;
    }

    // Index of the last placeholder whose start is ≤ position; -1 when there is none.
    private int BinarySearchStart(int position)
    {
        int low = 0, high = _placeholders.Length - 1;
        while (low <= high)
        {
            var middle = low + ((high - low) >> 1);
            if (_placeholders[middle].Start <= position)
            {
                low = middle + 1;
            }
            else
            {
                high = middle - 1;
            }
        }
        return high;
    }

    /// <summary>
    /// Puts the literals back into a text derived from <see cref="Text"/> (the rewritten template): every
    /// placeholder token outside quotes and comments becomes its literal.
    /// </summary>
    public string Instantiate(string rewrittenTemplate)
    {
        ArgumentNullException.ThrowIfNull(rewrittenTemplate);
        // The rewritten template is one shared cached string: find its placeholders once, with
        // PostgreSQL's own lexer (quotes, dollar quotes, E'' escapes and comments hide lookalikes).
        var placeholders = s_placeholders.GetValue(rewrittenTemplate, FindPlaceholders).Tokens
            ?? throw new InvalidOperationException("the rewritten text cannot be scanned");
        return Splice(rewrittenTemplate, placeholders, parameterNumbers: null)
            ?? throw new InvalidOperationException("the rewritten text names a placeholder the template does not have");
    }

    /// <summary>
    /// The rewritten template with each placeholder replaced: by <c>$k</c> when
    /// <paramref name="parameterNumbers"/> gives it a number k &gt; 0, otherwise by its literal. Null
    /// when a placeholder is not one of the template's.
    /// </summary>
    private string? Splice(string rewrittenTemplate, List<(int Start, int Length, int Number)> placeholders, int[]? parameterNumbers)
    {
        var output = new StringBuilder(rewrittenTemplate.Length + _original.Length - Text.Length + 16);
        var position = 0;
        foreach (var (start, length, number) in placeholders)
        {
            if (number < 1 || number > _literals.Length)
            {
                return null;
            }
            output.Append(rewrittenTemplate, position, start - position);
            if (parameterNumbers is not null && parameterNumbers[number] > 0)
            {
                output.Append('$').Append(parameterNumbers[number]);
            }
            else
            {
                output.Append(Literal(number - 1));
            }
            position = start + length;
        }
        return output.Append(rewrittenTemplate, position, rewrittenTemplate.Length - position).ToString();
    }

    private static PlaceholderList FindPlaceholders(string text)
    {
        var found = new List<(int Start, int Length, int Number)>();
        try
        {
            foreach (var token in PgQuery.Scan(text))
            {
                if (token.Kind == Token.Param)
                {
                    var number = int.TryParse(text.AsSpan(token.Start + 1, token.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0;
                    found.Add((token.Start, token.Length, number));
                }
            }
        }
        catch (PgQueryException)
        {
            return new PlaceholderList(null);
        }
        return new PlaceholderList(found);
    }

    /// <summary>Placeholder tokens of a rewritten template; <c>Tokens</c> null when the text cannot be scanned.</summary>
    private sealed record PlaceholderList(List<(int Start, int Length, int Number)>? Tokens);
}
