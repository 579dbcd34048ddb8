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
public sealed class LiteralTemplate
{
    private static readonly ConditionalWeakTable<string, PlaceholderList> s_placeholders = [];

    private readonly string _original;
    private readonly (int Start, int Length)[] _literals;

    private LiteralTemplate(string original, string text, (int Start, int Length)[] literals)
    {
        _original = original;
        Text = text;
        _literals = literals;
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
        var scanner = new TemplateScanner(sql);
        return scanner.Run() is { Count: > 0 } literals
            ? new LiteralTemplate(sql, Build(sql, literals), [.. literals])
            : null;
    }

    private static string Build(string sql, List<(int Start, int Length)> literals)
    {
        var text = new StringBuilder(sql.Length + literals.Count * 2);
        var position = 0;
        for (var i = 0; i < literals.Count; i++)
        {
            var (start, length) = literals[i];
            text.Append(sql, position, start - position).Append('$').Append(i + 1);
            position = start + length;
        }
        return text.Append(sql, position, sql.Length - position).ToString();
    }

    /// <summary>Maps a position in <see cref="Text"/> back to the original text.</summary>
    public int ToOriginal(int templatePosition)
    {
        var shift = 0;
        var templateCursor = 0;
        var originalCursor = 0;
        for (var i = 0; i < _literals.Length; i++)
        {
            var (start, length) = _literals[i];
            var placeholder = 1 + Digits(i + 1);
            var templateStart = start - originalCursor + templateCursor;
            if (templatePosition < templateStart)
            {
                break;
            }
            if (templatePosition < templateStart + placeholder)
            {
                return start;
            }
            templateCursor = templateStart + placeholder;
            originalCursor = start + length;
            shift = originalCursor - templateCursor;
        }
        return templatePosition + shift;
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
        var output = new StringBuilder(rewrittenTemplate.Length + _original.Length - Text.Length + 16);
        var position = 0;
        foreach (var (start, length, number) in placeholders)
        {
            if (number < 1 || number > _literals.Length)
            {
                throw new InvalidOperationException("the rewritten text names a placeholder the template does not have");
            }
            output.Append(rewrittenTemplate, position, start - position).Append(Literal(number - 1));
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

    private static int Digits(int value) => value < 10 ? 1 : value < 100 ? 2 : value < 1000 ? 3 : value < 10000 ? 4 : 5;

    /// <summary>Placeholder tokens of a rewritten template; <c>Tokens</c> null when the text cannot be scanned.</summary>
    private sealed record PlaceholderList(List<(int Start, int Length, int Number)>? Tokens);
}
