using MaskingProxy.SqlRewriter.Rewriting;
using Xunit;

namespace MaskingProxy.Proxy.Tests.Samples;

/// <summary>Rewrite-then-run, as the proxy would, with the checks every sample test wants.</summary>
public static class SampleRuns
{
    /// <summary>
    /// Rewrites <paramref name="sql"/> for <paramref name="login"/>, asserts the verdict, runs the forwarded
    /// text as that login, asserts it succeeded and, for a login with rules, that no raw value it must
    /// not see arrived.
    /// </summary>
    public static async Task<TextRun> RunAsync(SamplePolicySet set, SampleDatabase database, string sample, string login, string sql, RewriteVerdict verdict)
    {
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(database);
        var rewrite = set.Rewrite(sample, login, sql);
        Assert.True(verdict == rewrite.Verdict, $"{login}: expected {verdict}, got {rewrite.Verdict}: {rewrite.Denial?.Message}");
        var forwarded = rewrite.TextToForward(sql);
        var run = await TextRunner.RunAsync(database.ConnectionString(login), forwarded, rewrite.ValueTransforms);
        Assert.True(run.Error is null, $"{login}: {run.Error}{Environment.NewLine}{forwarded}");
        var leaks = set.SensitiveFor(sample, login).FindIn(run.AllText(), sql);
        Assert.True(leaks.Count == 0, $"raw values reached {login}: {string.Join(", ", leaks.Take(10))}");
        return run;
    }
}
