namespace MaskingProxy.SqlRewriter.Rewriting;

/// <summary>
/// A bounded LRU cache of rewrite results (see <see cref="RewriteCacheKey"/> for what makes two rewrites equal).
/// Thread-safe. Results are immutable, so one cached instance is shared by all sessions.
/// </summary>
/// <remarks>
/// Policy and catalog versions are part of the key, so a reload never serves a stale decision; entries of
/// old versions simply age out. One lock guards the map and the recency list: a lookup is a hash of the
/// text plus a few pointer moves, far below the cost of contention-free alternatives' bookkeeping here.
/// </remarks>
public sealed class RewriteCache
{
    private readonly Dictionary<RewriteCacheKey, LinkedListNode<(RewriteCacheKey Key, RewriteResult Result)>> _map;
    private readonly LinkedList<(RewriteCacheKey Key, RewriteResult Result)> _recency = new();
    private readonly Lock _gate = new();
    private long _hits;
    private long _misses;

    /// <summary>Creates a cache holding at most <paramref name="capacity"/> results.</summary>
    /// <param name="capacity">Maximum number of entries (≥ 1).</param>
    /// <param name="maxSqlLength">Texts longer than this (UTF-16 code units) are not cached: bulk statements are rarely repeated and would crowd out the rest.</param>
    public RewriteCache(int capacity = 10_000, int maxSqlLength = 64 * 1024)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(maxSqlLength);
        Capacity = capacity;
        MaxSqlLength = maxSqlLength;
        _map = new Dictionary<RewriteCacheKey, LinkedListNode<(RewriteCacheKey, RewriteResult)>>(Math.Min(capacity, 1024));
    }

    /// <summary>Maximum number of entries.</summary>
    public int Capacity { get; }

    /// <summary>Longest text that is cached.</summary>
    public int MaxSqlLength { get; }

    /// <summary>Current number of entries.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _map.Count;
            }
        }
    }

    /// <summary>Lookups that found an entry.</summary>
    public long Hits => Interlocked.Read(ref _hits);

    /// <summary>Lookups that did not.</summary>
    public long Misses => Interlocked.Read(ref _misses);

    /// <summary>Returns the cached result for <paramref name="request"/>, or rewrites it with <paramref name="rewriter"/> and caches it.</summary>
    public RewriteResult GetOrRewrite(IDialectRewriter rewriter, RewriteRequest request)
    {
        ArgumentNullException.ThrowIfNull(rewriter);
        ArgumentNullException.ThrowIfNull(request);
        if (request.Sql.Length > MaxSqlLength)
        {
            Interlocked.Increment(ref _misses);
            return rewriter.Rewrite(request);
        }

        RewriteCacheKey key = RewriteCacheKey.For(rewriter.Dialect, request);
        if (TryGet(key, out RewriteResult? cached))
        {
            return cached;
        }

        // Two sessions missing on the same text both rewrite; the results are equal, the later one wins.
        RewriteResult result = rewriter.Rewrite(request);
        Add(key, result);
        return result;
    }

    /// <summary>Looks a key up and marks it most recently used.</summary>
    public bool TryGet(in RewriteCacheKey key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out RewriteResult? result)
    {
        lock (_gate)
        {
            if (_map.TryGetValue(key, out LinkedListNode<(RewriteCacheKey Key, RewriteResult Result)>? node))
            {
                if (node != _recency.First)
                {
                    _recency.Remove(node);
                    _recency.AddFirst(node);
                }

                result = node.Value.Result;
                _hits++;
                return true;
            }

            _misses++;
        }

        result = null;
        return false;
    }

    /// <summary>Adds or replaces an entry, evicting the least recently used one when full.</summary>
    public void Add(in RewriteCacheKey key, RewriteResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (key.Sql.Length > MaxSqlLength)
        {
            return;
        }

        lock (_gate)
        {
            if (_map.TryGetValue(key, out LinkedListNode<(RewriteCacheKey Key, RewriteResult Result)>? existing))
            {
                _recency.Remove(existing);
            }
            else if (_map.Count >= Capacity)
            {
                LinkedListNode<(RewriteCacheKey Key, RewriteResult Result)> last = _recency.Last!;
                _recency.RemoveLast();
                _map.Remove(last.Value.Key);
            }

            _map[key] = _recency.AddFirst((key, result));
        }
    }

    /// <summary>Removes every entry (e.g. after a policy reload, to free memory early).</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _map.Clear();
            _recency.Clear();
        }
    }
}
