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
        Assert.Same(first, second); // a hit: a miss normalizes into a new string
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
        Assert.Equal(1, cache.Count);
    }

    [Fact]
    public void GetOrNormalize_StatementSummaryRange_NormalizesItsRange()
    {
        var cache = new NormalizedTextCache();
        const string sql = "SELECT 1; SET application_name = 'alice'";
        var summary = new StatementSummary(1, "SET", StatementAction.Session, IsPlainRead: true, Start: 9, Length: sql.Length - 9);

        Assert.Equal("SET application_name = $1", cache.GetOrNormalize(sql, summary.Start, summary.Length));
    }

    [Fact]
    public void GetOrNormalize_StatementSummaryAfterCjkText_UsesItsUtf16Range()
    {
        var cache = new NormalizedTextCache();
        const string sql = "SELECT '张三'; SET application_name = 'alice'";
        var summary = new StatementSummary(1, "SET", StatementAction.Session, IsPlainRead: true, Start: 13, Length: sql.Length - 13);

        Assert.Equal("SET application_name = $1", cache.GetOrNormalize(sql, summary.Start, summary.Length));
    }

    [Theory]
    [InlineData(-1, 1)]
    [InlineData(0, -1)]
    [InlineData(5, 6)]
    [InlineData(11, 0)]
    public void GetOrNormalize_RangeOutsideText_Throws(int start, int length)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new NormalizedTextCache().GetOrNormalize("SELECT 'x'", start, length));
    }

    [Fact]
    public void GetOrNormalize_OverCapacity_EvictsLeastRecentlyUsed()
    {
        var cache = new NormalizedTextCache(capacity: 2);
        string one = cache.GetOrNormalize("SELECT 1");
        string two = cache.GetOrNormalize("SELECT 2");
        cache.GetOrNormalize("SELECT 1"); // now most recent: "SELECT 2" is the eviction candidate

        cache.GetOrNormalize("SELECT 3");

        Assert.Same(one, cache.GetOrNormalize("SELECT 1")); // kept: a hit
        Assert.NotSame(two, cache.GetOrNormalize("SELECT 2")); // evicted: normalized again
        Assert.Equal(2, cache.Count);
    }

    [Fact]
    public void GetOrNormalize_OverCharacterBudget_EvictsUntilWithinBudget()
    {
        var cache = new NormalizedTextCache(capacity: 100, maxCharacters: 50);
        var first = new string[10];

        for (int i = 0; i < 10; i++)
        {
            first[i] = cache.GetOrNormalize($"SELECT 'value{i}'");
        }

        // 15 + 9 characters per entry: the two most recent (48 characters) fit, a third would not.
        Assert.Equal(2, cache.Count);
        Assert.Same(first[9], cache.GetOrNormalize("SELECT 'value9'"));
        Assert.Same(first[8], cache.GetOrNormalize("SELECT 'value8'"));
        Assert.NotSame(first[7], cache.GetOrNormalize("SELECT 'value7'"));
    }

    [Fact]
    public void GetOrNormalize_TextLongerThanMaxTextLength_NormalizedButNotCached()
    {
        var cache = new NormalizedTextCache(maxTextLength: 10);

        string normalized = cache.GetOrNormalize("SELECT 'alice'");
        string again = cache.GetOrNormalize("SELECT 'alice'");

        Assert.Equal("SELECT $1", normalized);
        Assert.Equal(0, cache.Count);
        Assert.NotSame(normalized, again); // both missed
    }

    [Fact]
    public void Clear_AfterEntries_EmptiesCache()
    {
        var cache = new NormalizedTextCache(maxCharacters: 50);
        cache.GetOrNormalize("SELECT 'value0'");
        cache.GetOrNormalize("SELECT 'value1'");

        cache.Clear();

        Assert.Equal(0, cache.Count);
        // The character budget is free again: two 24-character entries fit side by side.
        string two = cache.GetOrNormalize("SELECT 'value2'");
        string three = cache.GetOrNormalize("SELECT 'value3'");
        Assert.Equal(2, cache.Count);
        Assert.Same(two, cache.GetOrNormalize("SELECT 'value2'"));
        Assert.Same(three, cache.GetOrNormalize("SELECT 'value3'"));
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
    }

    [Theory]
    [InlineData(0, 1L)]
    [InlineData(1, -1L)]
    public void Constructor_InvalidBounds_Throws(int capacity, long maxCharacters)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new NormalizedTextCache(capacity, maxCharacters: maxCharacters));
    }
}
