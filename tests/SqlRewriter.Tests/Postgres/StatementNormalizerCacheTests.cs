using MaskingProxy.SqlRewriter.Postgres;
using MaskingProxy.SqlRewriter.Rewriting;
using Xunit;

namespace MaskingProxy.SqlRewriter.Tests.Postgres;

/// <summary><see cref="NormalizedTextCache"/>: the per-statement memo in front of <see cref="StatementNormalizer"/>.</summary>
public class StatementNormalizerCacheTests
{
    [Fact]
    public void GetOrNormalize_RepeatedText_ServedFromCache()
    {
        var cache = new NormalizedTextCache();

        string first = cache.GetOrNormalize("SELECT * FROM t WHERE a = 'alice'");
        string second = cache.GetOrNormalize("SELECT * FROM t WHERE a = 'alice'");

        Assert.Equal("SELECT * FROM t WHERE a = $1", first);
        Assert.Same(first, second);
        Assert.Equal(1, cache.Hits);
        Assert.Equal(1, cache.Misses);
        Assert.Equal(1, cache.Count);
    }

    [Fact]
    public void GetOrNormalize_StatementRange_SharesEntryWithSameStandaloneText()
    {
        var cache = new NormalizedTextCache();
        const string sql = "BEGIN; SELECT * FROM t WHERE a = 'alice'; COMMIT";
        string standalone = cache.GetOrNormalize(" SELECT * FROM t WHERE a = 'alice'");

        string sliced = cache.GetOrNormalize(sql, 6, 34);

        Assert.Same(standalone, sliced);
        Assert.Equal(1, cache.Hits);
    }

    [Fact]
    public void GetOrNormalize_StatementSummary_NormalizesItsRange()
    {
        var cache = new NormalizedTextCache();
        const string sql = "SELECT 1; SET application_name = 'alice'";
        var summary = new StatementSummary(1, "SET", StatementAction.Session, IsPlainRead: true, Start: 9, Length: sql.Length - 9);

        Assert.Equal("SET application_name = $1", cache.GetOrNormalize(sql, summary));
    }

    [Fact]
    public void GetOrNormalize_OverCapacity_EvictsLeastRecentlyUsed()
    {
        var cache = new NormalizedTextCache(capacity: 2);
        cache.GetOrNormalize("SELECT 1");
        cache.GetOrNormalize("SELECT 2");
        cache.GetOrNormalize("SELECT 1"); // now most recent: "SELECT 2" is the eviction candidate

        cache.GetOrNormalize("SELECT 3");
        long missesBefore = cache.Misses;
        cache.GetOrNormalize("SELECT 1");
        cache.GetOrNormalize("SELECT 2");

        Assert.Equal(2, cache.Count);
        Assert.Equal(missesBefore + 1, cache.Misses);
    }

    [Fact]
    public void GetOrNormalize_OverCharacterBudget_EvictsUntilWithinBudget()
    {
        var cache = new NormalizedTextCache(capacity: 100, maxCharacters: 50);

        for (int i = 0; i < 10; i++)
        {
            cache.GetOrNormalize($"SELECT 'value{i}'");
        }

        Assert.InRange(cache.Characters, 1, 50);
        Assert.Equal(2, cache.Count); // 15 + 9 characters per entry
    }

    [Fact]
    public void GetOrNormalize_TextLongerThanMaxTextLength_NormalizedButNotCached()
    {
        var cache = new NormalizedTextCache(maxTextLength: 10);

        string normalized = cache.GetOrNormalize("SELECT 'alice'");
        cache.GetOrNormalize("SELECT 'alice'");

        Assert.Equal("SELECT $1", normalized);
        Assert.Equal(0, cache.Count);
        Assert.Equal(2, cache.Misses);
    }

    [Fact]
    public void Clear_AfterEntries_EmptiesCache()
    {
        var cache = new NormalizedTextCache();
        cache.GetOrNormalize("SELECT 1");

        cache.Clear();

        Assert.Equal(0, cache.Count);
        Assert.Equal(0, cache.Characters);
    }

    [Fact]
    public void GetOrNormalize_ConcurrentCallers_AgreeAndStayWithinCapacity()
    {
        var cache = new NormalizedTextCache(capacity: 16);
        string[] texts = Enumerable.Range(0, 64).Select(i => $"SELECT * FROM t WHERE id = {i} AND name = 'alice{i}'").ToArray();

        Parallel.For(0, 4000, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i =>
        {
            string text = texts[(i * 7) % texts.Length];
            Assert.Equal("SELECT * FROM t WHERE id = $1 AND name = $2", cache.GetOrNormalize(text));
        });

        Assert.InRange(cache.Count, 1, 16);
        Assert.Equal(4000, cache.Hits + cache.Misses);
    }

    [Theory]
    [InlineData(0, 1L)]
    [InlineData(1, -1L)]
    public void Constructor_InvalidBounds_Throws(int capacity, long maxCharacters)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new NormalizedTextCache(capacity, maxCharacters: maxCharacters));
    }
}
