using System.Collections.Concurrent;

namespace MaskingProxy.SqlRewriter.Postgres.Templates;

/// <summary>
/// Finds the template of a text without asking the server's lexer when a text of the same shape was
/// seen before: the shape's last template is matched character by character
/// (<see cref="LiteralTemplate.TryMatch"/>), and only a text no known shape matches is scanned
/// (<see cref="LiteralTemplate.TryCreate"/>). A simple-protocol application sends the same few
/// shapes with new constants; the scan is a native call and a protobuf decode each time.
/// </summary>
/// <remarks>
/// The shape key only says where to look: it hashes the text with quoted strings and digit runs left
/// out, so unrelated texts may share it. The match decides. Thread-safe; bounded by
/// <paramref name="capacity"/> shapes (full: forgotten all at once, as they are cheap to find again).
/// </remarks>
public sealed class LiteralTemplateCache(int capacity = 4096)
{
    private readonly ConcurrentDictionary<int, LiteralTemplate> _byShape = new();

    /// <summary>The template of <paramref name="sql"/>, as <see cref="LiteralTemplate.TryCreate"/> would build it; null when it has none.</summary>
    public LiteralTemplate? TryCreate(string sql)
    {
        ArgumentNullException.ThrowIfNull(sql);
        var shape = ShapeKey(sql);
        if (_byShape.TryGetValue(shape, out var known) && known.TryMatch(sql) is { } matched)
        {
            return matched;
        }
        var created = LiteralTemplate.TryCreate(sql);
        if (created is not null)
        {
            if (_byShape.Count >= capacity)
            {
                _byShape.Clear();
            }
            _byShape[shape] = created;
        }
        return created;
    }

    /// <summary>A hash of the text without the contents of quoted strings and of digit runs that start a token.</summary>
    internal static int ShapeKey(string sql)
    {
        // FNV-1a over the characters kept.
        var hash = 2166136261u;
        var i = 0;
        while (i < sql.Length)
        {
            var c = sql[i];
            if (c == '\'')
            {
                // To the closing quote, over doubled ones.
                var close = sql.IndexOf('\'', i + 1);
                while (close >= 0 && close + 1 < sql.Length && sql[close + 1] == '\'')
                {
                    close = sql.IndexOf('\'', close + 2);
                }
                i = close < 0 ? sql.Length : close + 1;
                hash = (hash ^ '\'') * 16777619u;
                continue;
            }
            if (char.IsAsciiDigit(c) && (i == 0 || !IsNameCharacter(sql[i - 1])))
            {
                while (i < sql.Length && (char.IsAsciiDigit(sql[i]) || sql[i] == '.'))
                {
                    i++;
                }
                hash = (hash ^ '0') * 16777619u;
                continue;
            }
            hash = (hash ^ c) * 16777619u;
            i++;
        }
        return unchecked((int)hash);
    }

    private static bool IsNameCharacter(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '$' || c >= '\u0080';
}
