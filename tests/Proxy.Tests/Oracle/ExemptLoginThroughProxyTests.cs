using MaskingProxy.Proxy.Tests.Infrastructure;
using MaskingProxy.Proxy.Tests.Samples;
using Xunit;
using Xunit.Abstractions;

namespace MaskingProxy.Proxy.Tests.Oracle;

/// <summary>
/// The other half of the oracle: for the exempt auditor the proxy changes nothing, so the corpus run
/// through it returns exactly what PostgreSQL returns directly, raw values included. That the raw
/// values are found here also proves the leak search of <see cref="ProxyLeakOracleTests"/> sees every
/// client path it claims to (a search that found nothing anywhere would pass vacuously).
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ExemptLoginThroughProxyTests(PostgresServer postgres, OracleFixture fixture, ITestOutputHelper output) : IClassFixture<OracleFixture>
{
    private const string Login = SampleLogins.Auditor;

    [Theory]
    [InlineData(ResultFormat.Text)]
    [InlineData(ResultFormat.Binary)]
    public async Task Corpus_AuditorThroughNpgsql_SameOutputAsDirectWithRawValues(ResultFormat format)
    {
        var environment = await fixture.GetAsync(postgres);
        var mismatches = new List<string>();
        var compared = 0;
        var skipped = 0;
        var blocksWithRaw = 0;
        var undecodable = 0;
        var rawChannels = new HashSet<OutputChannel>();

        foreach (var block in QueryCorpus.Load())
        {
            var viaProxy = await NpgsqlBlockRunner.RunAsync(environment.ProxyConnectionString(block.Policy, Login), block.Sql, format);
            var direct = await NpgsqlBlockRunner.RunAsync(environment.DirectConnectionString(Login), block.Sql, format);
            blocksWithRaw += RawValueFound(environment, block, viaProxy) ? 1 : 0;
            rawChannels.UnionWith(ChannelsWithRawValues(environment, block, viaProxy));
            undecodable += viaProxy.UndecodableCells;
            if (viaProxy.Denied)
            {
                mismatches.Add($"{block}: denied for the exempt login: {viaProxy.ErrorMessage}");
            }
            else if (IsExplainAnalyze(block))
            {
                skipped++;
            }
            else
            {
                compared++;
                if (Difference(viaProxy, direct) is { } difference)
                {
                    mismatches.Add($"{block}: {difference}");
                }
            }
        }

        output.WriteLine($"{Login} via Npgsql {format} results: {compared} blocks compared with direct, {skipped} EXPLAIN ANALYZE skipped, {mismatches.Count} differ, {blocksWithRaw} returned raw values, {undecodable} cells undecodable (compared as placeholders); raw values seen in {string.Join(", ", rawChannels.Order())}");
        Assert.True(mismatches.Count == 0, string.Join(Environment.NewLine, mismatches));
        Assert.True(blocksWithRaw > 60, $"raw values arrived in only {blocksWithRaw} blocks");

        // The search demonstrably reads these channels; the corpus puts no raw value into notices,
        // notifications or column names even for the exempt login.
        Assert.Superset(new HashSet<OutputChannel> { OutputChannel.Cells, OutputChannel.CopyData, OutputChannel.Errors }, rawChannels);
    }

    [Fact]
    public async Task Corpus_AuditorThroughPsql_SameOutputAsDirectWithRawValues()
    {
        var environment = await fixture.GetAsync(postgres);
        var mismatches = new List<string>();
        var compared = 0;
        var blocksWithRaw = 0;

        // Every third block: two psql processes per block are the slow part of this class.
        foreach (var block in QueryCorpus.Load().Where((b, i) => i % 3 == 0 && !IsExplainAnalyze(b)))
        {
            var viaProxy = await PsqlBlockRunner.RunAsync(postgres, environment.ProxyConnInfo(block.Policy, Login), block.Sql);
            var direct = await PsqlBlockRunner.RunAsync(postgres, environment.DirectConnInfo(Login), block.Sql);
            blocksWithRaw += RawValueFound(environment, block, viaProxy) ? 1 : 0;
            compared++;
            var proxyText = string.Concat(viaProxy.Channels.Select(c => c.Text));
            var directText = string.Concat(direct.Channels.Select(c => c.Text));
            if (proxyText != directText)
            {
                mismatches.Add($"{block}:{Environment.NewLine}--- via proxy ---{Environment.NewLine}{Head(proxyText)}{Environment.NewLine}--- direct ---{Environment.NewLine}{Head(directText)}");
            }
        }

        output.WriteLine($"{Login} via psql: {compared} blocks compared with direct, {mismatches.Count} differ, {blocksWithRaw} returned raw values");
        Assert.True(mismatches.Count == 0, string.Join(Environment.NewLine, mismatches));
        Assert.True(blocksWithRaw > 20, $"raw values arrived in only {blocksWithRaw} blocks");
    }

    /// <summary>Would the block's output count as a leak for analyst? For the exempt login it must, often.</summary>
    private static bool RawValueFound(OracleEnvironment environment, CorpusBlock block, ClientOutput result) =>
        ChannelsWithRawValues(environment, block, result).Any();

    private static IEnumerable<OutputChannel> ChannelsWithRawValues(OracleEnvironment environment, CorpusBlock block, ClientOutput result)
    {
        var sensitive = environment.Samples.SensitiveFor(block.Policy, SampleLogins.Analyst);
        return result.Channels.Where(c => sensitive.FindIn(c.Text, block.Sql).Count > 0).Select(c => c.Channel).ToList();
    }

    // Timings and buffer counts differ from run to run.
    private static bool IsExplainAnalyze(CorpusBlock block) => block.Sql.StartsWith("EXPLAIN", StringComparison.OrdinalIgnoreCase) && block.Sql.Contains("ANALYZE", StringComparison.OrdinalIgnoreCase);

    private static string? Difference(ClientOutput viaProxy, ClientOutput direct)
    {
        if (viaProxy.ErrorSqlState != direct.ErrorSqlState || viaProxy.ErrorMessage != direct.ErrorMessage)
        {
            return $"error {viaProxy.ErrorSqlState} {viaProxy.ErrorMessage} via proxy, {direct.ErrorSqlState} {direct.ErrorMessage} direct";
        }

        if (viaProxy.Text(OutputChannel.CopyData) != direct.Text(OutputChannel.CopyData))
        {
            return "COPY data differs";
        }

        if (viaProxy.Results.Count != direct.Results.Count)
        {
            return $"{viaProxy.Results.Count} results via proxy, {direct.Results.Count} direct";
        }

        foreach (var (proxied, raw) in viaProxy.Results.Zip(direct.Results))
        {
            if (!proxied.Columns.SequenceEqual(raw.Columns))
            {
                return $"columns {string.Join(",", proxied.Columns)} via proxy, {string.Join(",", raw.Columns)} direct";
            }

            if (proxied.Rows.Count != raw.Rows.Count)
            {
                return $"{proxied.Rows.Count} rows via proxy, {raw.Rows.Count} direct";
            }

            var row = proxied.Rows.Zip(raw.Rows).Select((pair, i) => (pair, i)).FirstOrDefault(x => !x.pair.First.SequenceEqual(x.pair.Second));
            if (row.pair.First is not null)
            {
                return $"row {row.i}: ({string.Join(",", row.pair.First)}) via proxy, ({string.Join(",", row.pair.Second)}) direct";
            }
        }

        return null;
    }

    private static string Head(string text) => text.Length > 400 ? text[..400] + "…" : text;
}
