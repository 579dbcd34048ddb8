using MaskingProxy.SqlRewriter.Catalog;
using MaskingProxy.SqlRewriter.Policies;
using MaskingProxy.SqlRewriter.Rewriting;
using Xunit;

namespace MaskingProxy.SqlRewriter.Tests.Rewriting;

public class RewriteCacheTests
{
    private static readonly Policy s_policy = PolicyLoader.TryLoadText("""
        version: 1
        name: t
        exempt: [root]
        rules:
          - id: phone
            columns: ["*.*.phone"]
            mask: null
            unmask: [support]
          - id: email
            columns: ["*.*.email"]
            mask: null
        """).Policy!;

    [Fact]
    public void Second_lookup_is_served_from_the_cache()
    {
        var cache = new RewriteCache();
        var rewriter = new CountingRewriter();
        var request = new RewriteRequest("SELECT 1", "alice", s_policy, CatalogSnapshot.Empty);

        RewriteResult first = cache.GetOrRewrite(rewriter, request);
        RewriteResult second = cache.GetOrRewrite(rewriter, request with { });

        Assert.Same(first, second);
        Assert.Equal(1, rewriter.Calls);
        Assert.Equal(1, cache.Hits);
        Assert.Equal(1, cache.Misses);
    }

    [Fact]
    public void Logins_with_the_same_rules_share_entries()
    {
        var cache = new RewriteCache();
        var rewriter = new CountingRewriter();

        cache.GetOrRewrite(rewriter, new RewriteRequest("SELECT 1", "alice", s_policy, CatalogSnapshot.Empty));
        cache.GetOrRewrite(rewriter, new RewriteRequest("SELECT 1", "bob", s_policy, CatalogSnapshot.Empty));
        cache.GetOrRewrite(rewriter, new RewriteRequest("SELECT 1", "support", s_policy, CatalogSnapshot.Empty));
        cache.GetOrRewrite(rewriter, new RewriteRequest("SELECT 1", "root", s_policy, CatalogSnapshot.Empty));

        Assert.Equal(3, rewriter.Calls);
    }

    [Fact]
    public void Key_includes_policy_catalog_settings_and_text()
    {
        var cache = new RewriteCache();
        var rewriter = new CountingRewriter();
        var baseline = new RewriteRequest("SELECT 1", "alice", s_policy, CatalogSnapshot.Empty);
        Policy otherPolicy = PolicyLoader.TryLoadText("version: 1\nname: other\nrules: []\n").Policy!;
        var otherCatalog = new CatalogSnapshot([new CatalogRelation("s", "t", RelationKind.Table, [])]);

        cache.GetOrRewrite(rewriter, baseline);
        cache.GetOrRewrite(rewriter, baseline with { Sql = "SELECT 2" });
        cache.GetOrRewrite(rewriter, baseline with { Policy = otherPolicy });
        cache.GetOrRewrite(rewriter, baseline with { Catalog = otherCatalog });
        cache.GetOrRewrite(rewriter, baseline with { Session = new SessionSettings(SearchPath.Parse("app")) });
        cache.GetOrRewrite(rewriter, baseline with { Session = SessionSettings.Default.WithParameter("standard_conforming_strings", "off") });
        cache.GetOrRewrite(rewriter, baseline with { Session = SessionSettings.Default.WithTemporaryRelation("t") });

        Assert.Equal(7, rewriter.Calls);
    }

    [Fact]
    public void Current_user_matters_only_when_the_path_uses_it()
    {
        Assert.NotEqual(SessionSettings.Default.CacheKey, SessionSettings.Default.WithCurrentUser("x").CacheKey);
        var fixedPath = new SessionSettings(SearchPath.Parse("public"));
        Assert.Equal(fixedPath.CacheKey, fixedPath.WithCurrentUser("x").CacheKey);
    }

    [Fact]
    public void Least_recently_used_entry_is_evicted()
    {
        var cache = new RewriteCache(capacity: 2);
        var rewriter = new CountingRewriter();
        RewriteRequest a = new("SELECT 'a'", "alice", s_policy, CatalogSnapshot.Empty);
        RewriteRequest b = a with { Sql = "SELECT 'b'" };
        RewriteRequest c = a with { Sql = "SELECT 'c'" };

        cache.GetOrRewrite(rewriter, a);
        cache.GetOrRewrite(rewriter, b);
        cache.GetOrRewrite(rewriter, a); // a is now the most recent
        cache.GetOrRewrite(rewriter, c); // evicts b
        cache.GetOrRewrite(rewriter, a);
        cache.GetOrRewrite(rewriter, b);

        Assert.Equal(4, rewriter.Calls);
        Assert.Equal(2, cache.Count);
    }

    [Fact]
    public void Long_texts_are_not_cached()
    {
        var cache = new RewriteCache(maxSqlLength: 10);
        var rewriter = new CountingRewriter();
        var request = new RewriteRequest("SELECT 'long text'", "alice", s_policy, CatalogSnapshot.Empty);

        cache.GetOrRewrite(rewriter, request);
        cache.GetOrRewrite(rewriter, request);

        Assert.Equal(2, rewriter.Calls);
        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public void Concurrent_use_keeps_the_cache_consistent()
    {
        var cache = new RewriteCache(capacity: 50);
        var rewriter = new CountingRewriter();
        Parallel.For(0, 4000, i =>
        {
            var request = new RewriteRequest($"SELECT {i % 100}", "alice", s_policy, CatalogSnapshot.Empty);
            Assert.Equal(request.Sql, cache.GetOrRewrite(rewriter, request).RewrittenSql);
        });

        Assert.True(cache.Count <= 50);
        cache.Clear();
        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public void Subject_class_keys_follow_rules_in_force()
    {
        Assert.Equal(SubjectClass.For(s_policy, "alice").Key, SubjectClass.For(s_policy, "bob").Key);
        Assert.NotEqual(SubjectClass.For(s_policy, "alice").Key, SubjectClass.For(s_policy, "support").Key);
        Assert.True(SubjectClass.For(s_policy, "root").IsExempt);
        Assert.False(SubjectClass.For(s_policy, "root").HasRules);
        Assert.Null(SubjectClass.For(s_policy, "support").MatchColumn("s", "t", "phone"));
        Assert.Equal("email", SubjectClass.For(s_policy, "support").MatchColumn("s", "t", "email")!.Id);
        Assert.Same(SubjectClass.For(s_policy, "alice"), SubjectClass.For(s_policy, "alice"));
    }

    [Fact]
    public void A_given_subject_class_is_used_only_for_the_login_and_policy_it_was_given_with()
    {
        Policy otherPolicy = PolicyLoader.TryLoadText("version: 1\nname: other\nrules: []\n").Policy!;
        SubjectClass alice = SubjectClass.For(s_policy, "alice");
        var request = new RewriteRequest("SELECT 1", "alice", s_policy, CatalogSnapshot.Empty) { Subject = alice };

        Assert.Same(alice, request.Subject);
        Assert.Same(alice, (request with { Sql = "SELECT 2" }).Subject);
        Assert.Same(SubjectClass.For(s_policy, "support"), (request with { Login = "support" }).Subject);
        Assert.Same(SubjectClass.For(otherPolicy, "alice"), (request with { Policy = otherPolicy }).Subject);
        Assert.Same(alice, new RewriteRequest("SELECT 1", "alice", s_policy, CatalogSnapshot.Empty).Subject);
    }

    private sealed class CountingRewriter : IDialectRewriter
    {
        private int _calls;

        public int Calls => _calls;

        public string Dialect => "test";

        public RewriteResult Rewrite(RewriteRequest request)
        {
            Interlocked.Increment(ref _calls);
            return new RewriteResult { Verdict = RewriteVerdict.Allow, RewrittenSql = request.Sql };
        }
    }
}
