using MaskingProxy.Proxy.Tests.Infrastructure;
using MaskingProxy.Proxy.Tests.Samples;
using Xunit;
using Xunit.Abstractions;

namespace MaskingProxy.Proxy.Tests.Oracle;

/// <summary>
/// The leak oracle end to end: oracle-queries.sql (plus <see cref="SideDoorBlocks"/>) sent through the
/// real proxy by real clients as the masked logins. Every block is either denied by the proxy or
/// nothing the client receives — cells, column names, errors, notices, notifications, COPY data —
/// holds a raw seed value the policy masks for that login. QueryCorpusTests checks the rewriter
/// alone; this catches what only the proxy's relaying (formats, transforms, error handling) can get wrong.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ProxyLeakOracleTests(PostgresServer postgres, OracleFixture fixture, ITestOutputHelper output) : IClassFixture<OracleFixture>
{
    private static IReadOnlyList<CorpusBlock> Blocks { get; } = [.. QueryCorpus.Load(), .. SideDoorBlocks.All];

    [Theory]
    [InlineData(SampleLogins.Analyst, ResultFormat.Text)]
    [InlineData(SampleLogins.Analyst, ResultFormat.Binary)]
    [InlineData(SampleLogins.Support, ResultFormat.Text)]
    [InlineData(SampleLogins.Support, ResultFormat.Binary)]
    public async Task Corpus_MaskedLoginThroughNpgsql_NoRawValueReachesTheClient(string login, ResultFormat format)
    {
        var environment = await fixture.GetAsync(postgres);
        var sensitive = Sensitive(environment, login);
        var tally = new OracleTally(login, $"Npgsql {format} results");

        foreach (var block in Blocks)
        {
            var result = await NpgsqlBlockRunner.RunAsync(environment.ProxyConnectionString(block.Policy, login), block.Sql, format);
            tally.Add(block, result, sensitive[block.Policy]);
        }

        AssertClean(tally, Blocks.Count);
        Assert.True(tally.Rows > 1000, $"only {tally.Rows} rows came back");
        // The side-door sanity blocks: both asynchronous channels really deliver through the proxy.
        Assert.True(tally.Notices > 0 && tally.Notifications > 0, $"{tally.Notices} notices, {tally.Notifications} notifications");
    }

    [Fact]
    public async Task Corpus_AnalystEachBlockTwicePerSession_KeptStatementsLeakNothing()
    {
        var environment = await fixture.GetAsync(postgres);
        var sensitive = Sensitive(environment, SampleLogins.Analyst);
        var tally = new OracleTally(SampleLogins.Analyst, "Npgsql binary results, each block run twice per session");

        foreach (var block in Blocks)
        {
            var result = await NpgsqlBlockRunner.RunAsync(environment.ProxyConnectionString(block.Policy, SampleLogins.Analyst), block.Sql, ResultFormat.Binary, runs: 2);
            tally.Add(block, result, sensitive[block.Policy]);
        }

        AssertClean(tally, Blocks.Count);
        Assert.True(tally.Rows > 2000, $"only {tally.Rows} rows came back");
    }

    [Theory]
    [InlineData(SampleLogins.Analyst)]
    [InlineData(SampleLogins.Support)]
    public async Task Corpus_MaskedLoginThroughPsql_NoRawValueInAnythingPsqlPrints(string login)
    {
        var environment = await fixture.GetAsync(postgres);
        var sensitive = Sensitive(environment, login);
        var tally = new OracleTally(login, "psql (simple Query, text)");

        foreach (var block in Blocks)
        {
            var result = await PsqlBlockRunner.RunAsync(postgres, environment.ProxyConnInfo(block.Policy, login), block.Sql);
            tally.Add(block, result, sensitive[block.Policy]);
        }

        AssertClean(tally, Blocks.Count);
    }

    /// <summary>Per policy, the raw values <paramref name="login"/> must not see (unmask respected).</summary>
    private static Dictionary<string, SensitiveValues> Sensitive(OracleEnvironment environment, string login)
    {
        var values = SampleFiles.Names.ToDictionary(n => n, n => environment.Samples.SensitiveFor(n, login), StringComparer.Ordinal);
        // An empty set would make every search pass.
        Assert.All(values, v => Assert.True(v.Value.Count > 50, $"only {v.Value.Count} raw values to look for under {v.Key} for {login}"));
        return values;
    }

    private void AssertClean(OracleTally tally, int blocks)
    {
        output.WriteLine(tally.Report());
        Assert.True(tally.Leaks.Count == 0, "raw values reached the client:" + Environment.NewLine + string.Join(Environment.NewLine, tally.Leaks));
        Assert.True(tally.Desyncs.Count == 0, "sessions unusable after a block:" + Environment.NewLine + string.Join(Environment.NewLine, tally.Desyncs));
        Assert.True(tally.Undecodable.Count == 0, "cells the client could not decode, so not searched:" + Environment.NewLine + string.Join(Environment.NewLine, tally.Undecodable));

        // A proxy that denied nearly everything would make the oracle vacuous.
        Assert.True(tally.Denied * 3 < blocks, $"{tally.Denied} of {blocks} blocks denied");
    }
}
