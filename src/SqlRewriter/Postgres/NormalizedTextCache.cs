using MaskingProxy.SqlRewriter.Rewriting;

namespace MaskingProxy.SqlRewriter.Postgres;

/// <summary>
/// A bounded LRU cache of <see cref="StatementNormalizer"/> results keyed by statement text, so that a
/// repeated statement costs one lookup instead of a parse and a scan. Thread-safe.
/// </summary>
/// <remarks>
/// <para>Bounded three ways, because the keys are client-controlled: entry count, the length of a text
/// that is cached at all, and the characters held by keys and values together. Without the last bound
/// a client sending distinct long statements could pin capacity × length of memory.</para>
/// <para>Statement ranges are looked up by span (no substring is allocated on a hit). One lock guards
/// the map and the recency list, as in <see cref="RewriteCache"/>: a hit is a hash of the text
/// plus a few pointer moves. No hit/miss counters: nothing reads them, and they would cost every call.</para>
/// </remarks>
public sealed class NormalizedTextCache
{
    private readonly Dictionary<string, LinkedListNode<(string Key, string Normalized)>> _map;
    private readonly Dictionary<string, LinkedListNode<(string Key, string Normalized)>>.AlternateLookup<ReadOnlySpan<char>> _spanLookup;
    private readonly LinkedList<(string Key, string Normalized)> _recency = new();
    private readonly Lock _gate = new();
    private long _characters;

    /// <summary>Creates a cache.</summary>
    /// <param name="capacity">Maximum number of entries (≥ 1).</param>
    /// <param name="maxTextLength">Longer statement texts (UTF-16 code units) are normalized every time, not cached.</param>
    /// <param name="maxCharacters">Maximum UTF-16 code units held by all keys and values together.</param>
    public NormalizedTextCache(int capacity = 10_000, int maxTextLength = 16 * 1024, long maxCharacters = 8L * 1024 * 1024)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(maxTextLength);
        ArgumentOutOfRangeException.ThrowIfNegative(maxCharacters);
        Capacity = capacity;
        MaxTextLength = maxTextLength;
        MaxCharacters = maxCharacters;
        _map = new Dictionary<string, LinkedListNode<(string Key, string Normalized)>>(Math.Min(capacity, 1024), StringComparer.Ordinal);
        _spanLookup = _map.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>Maximum number of entries.</summary>
    public int Capacity { get; }

    /// <summary>Longest statement text that is cached.</summary>
    public int MaxTextLength { get; }

    /// <summary>Maximum characters held by keys and values together.</summary>
    public long MaxCharacters { get; }

    /// <summary>Current number of entries (for tests: the entry bound cannot be observed otherwise).</summary>
    internal int Count
    {
        get
        {
            lock (_gate)
            {
                return _map.Count;
            }
        }
    }

    /// <summary>The normalized form of <paramref name="sql"/>, from the cache or computed and cached.</summary>
    public string GetOrNormalize(string sql)
    {
        ArgumentNullException.ThrowIfNull(sql);
        return GetOrNormalize(sql, 0, sql.Length);
    }

    /// <summary>
    /// The normalized form of the statement at <paramref name="start"/> in <paramref name="sql"/>, normalized on
    /// its own (placeholders numbered from 1); it shares its entry with the same text passed alone.
    /// </summary>
    public string GetOrNormalize(string sql, int start, int length)
    {
        ArgumentNullException.ThrowIfNull(sql);
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, sql.Length - start);
        if (length > MaxTextLength)
        {
            return StatementNormalizer.Normalize(Slice(sql, start, length));
        }

        ReadOnlySpan<char> text = sql.AsSpan(start, length);
        lock (_gate)
        {
            if (_spanLookup.TryGetValue(text, out LinkedListNode<(string Key, string Normalized)>? node))
            {
                if (node != _recency.First)
                {
                    _recency.Remove(node);
                    _recency.AddFirst(node);
                }

                return node.Value.Normalized;
            }
        }

        // Normalized outside the lock; two threads missing on the same text both compute the same value.
        string key = Slice(sql, start, length);
        string normalized = StatementNormalizer.Normalize(key);
        Add(key, normalized);
        return normalized;
    }

    /// <summary>Removes every entry.</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _map.Clear();
            _recency.Clear();
            _characters = 0;
        }
    }

    private static string Slice(string sql, int start, int length) =>
        start == 0 && length == sql.Length ? sql : sql.Substring(start, length);

    private void Add(string key, string normalized)
    {
        long size = (long)key.Length + normalized.Length;
        if (size > MaxCharacters)
        {
            return;
        }

        lock (_gate)
        {
            if (_map.ContainsKey(key))
            {
                return;
            }

            while (_map.Count > 0 && (_map.Count >= Capacity || _characters + size > MaxCharacters))
            {
                LinkedListNode<(string Key, string Normalized)> last = _recency.Last!;
                _recency.RemoveLast();
                _map.Remove(last.Value.Key);
                _characters -= (long)last.Value.Key.Length + last.Value.Normalized.Length;
            }

            _map.Add(key, _recency.AddFirst((key, normalized)));
            _characters += size;
        }
    }
}
