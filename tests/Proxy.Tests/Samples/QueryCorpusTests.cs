using MaskingProxy.Proxy.Tests.Infrastructure;
using MaskingProxy.SqlRewriter.Postgres.Interop;
using MaskingProxy.SqlRewriter.Rewriting;
using Xunit;
using Xunit.Abstractions;

namespace MaskingProxy.Proxy.Tests.Samples;

/// <summary>
/// oracle-queries.sql against both seeds in one database, without the proxy: every block runs raw for
/// the exempt dba, and for a masked login every block is either denied or returns no raw covered value
/// (results, notices and error messages). The end-to-end oracle runs the same corpus through the proxy.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class QueryCorpusTests(PostgresServer postgres, ITestOutputHelper output)
{
    [Fact]
    public void Corpus_Parsed_EnoughParseableBlocksForBothPolicies()
    {
        var blocks = QueryCorpus.Load();

        Assert.True(blocks.Count >= 80, $"only {blocks.Count} blocks");
        Assert.Equal(SampleFiles.Names.Order(StringComparer.Ordinal), blocks.Select(b => b.Policy).Distinct().Order(StringComparer.Ordinal));
        Assert.All(blocks, b => Assert.True(PgQuery.TryParse(b.Sql, out _, out var error), $"{b}: {error?.Message}"));
    }

    [Fact]
    public async Task Corpus_Dba_EveryBlockRunsUnchangedAndFailsOnlyWhereMarked()
    {
        await using var database = await SampleDatabase.CreateAsync(postgres, [.. SampleFiles.Names]);
        var set = await SamplePolicySet.LoadAsync(database, [.. SampleFiles.Names]);
        var problems = new List<string>();

        foreach (var block in QueryCorpus.Load())
        {
            var rewrite = set.Rewrite(block.Policy, SampleLogins.Dba, block.Sql);
            if (rewrite.Verdict != RewriteVerdict.Allow || rewrite.RewrittenSql is not null)
            {
                problems.Add($"{block}: exempt login got {rewrite.Verdict}");
                continue;
            }

            var run = await TextRunner.RunAsync(database.ConnectionString(SampleLogins.Dba), block.Sql);
            if ((run.Error is not null) != block.Fails)
            {
                problems.Add($"{block}: {(block.Fails ? "marked @fails but succeeded" : run.Error)}");
            }
        }

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Theory]
    [InlineData(SampleLogins.Analyst)]
    [InlineData(SampleLogins.Support)]
    public async Task Corpus_MaskedLogin_EveryBlockDeniedOrFreeOfRawValues(string login)
    {
        await using var database = await SampleDatabase.CreateAsync(postgres, [.. SampleFiles.Names]);
        var set = await SamplePolicySet.LoadAsync(database, [.. SampleFiles.Names]);
        var sensitive = SampleFiles.Names.ToDictionary(n => n, n => set.SensitiveFor(n, login), StringComparer.Ordinal);
        var blocks = QueryCorpus.Load();
        var leaks = new List<string>();
        var denied = new List<string>();
        var errors = new List<string>();

        foreach (var block in blocks)
        {
            var rewrite = set.Rewrite(block.Policy, login, block.Sql);
            if (rewrite.Verdict == RewriteVerdict.Deny)
            {
                denied.Add($"{block}{Environment.NewLine}    -> {rewrite.Denial?.Kind}: {rewrite.Denial?.Message}");
                continue;
            }

            var run = await TextRunner.RunAsync(database.ConnectionString(login), rewrite.TextToForward(block.Sql), rewrite.ValueTransforms);
            if (run.Error is not null)
            {
                errors.Add($"{block}{Environment.NewLine}    -> {run.ErrorSqlState}: {run.Error}");
            }

            var found = sensitive[block.Policy].FindIn(run.AllText(), block.Sql);
            if (found.Count > 0)
            {
                leaks.Add($"{block}{Environment.NewLine}    -> {string.Join(", ", found.Take(5))}");
            }
        }

        output.WriteLine($"{login}: {blocks.Count} blocks, {denied.Count} denied, {errors.Count} failed in the database, {leaks.Count} leaked");
        output.WriteLine("denied:" + Environment.NewLine + string.Join(Environment.NewLine, denied));
        output.WriteLine("database errors:" + Environment.NewLine + string.Join(Environment.NewLine, errors));
        Assert.True(leaks.Count == 0, "raw values reached " + login + ":" + Environment.NewLine + string.Join(Environment.NewLine, leaks));

        // A policy that denied nearly everything would make the leak check vacuous.
        Assert.True(denied.Count * 3 < blocks.Count, $"{denied.Count} of {blocks.Count} blocks denied");
    }
}
