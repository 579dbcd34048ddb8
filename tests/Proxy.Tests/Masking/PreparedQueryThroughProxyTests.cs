using System.Text;
using MaskingProxy.Proxy.Tests.Infrastructure;
using MaskingProxy.Proxy.Tests.Support;
using Xunit;

namespace MaskingProxy.Proxy.Tests.Masking;

/// <summary>
/// A masked simple-protocol SELECT runs as a prepared statement of the proxy's with its constants as
/// parameters. The client must not be able to tell: same messages, same column types, same rows as
/// the text run the plain way (the second statement of a two-statement Query, which is never prepared).
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PreparedQueryThroughProxyTests : IAsyncLifetime
{
    // The kept-statement tests' policy: nobody exempt (the raw client's trust login is masked too).
    private const string Policy = BackendStatementsThroughProxyTests.Policy;

    private const string CountKept = BackendStatementsThroughProxyTests.CountKept;

    private readonly PostgresServer _postgres;
    private MaskingEnvironment _env = null!;

    public PreparedQueryThroughProxyTests(PostgresServer postgres) => _postgres = postgres;

    public async Task InitializeAsync() => _env = await MaskingEnvironment.StartAsync(_postgres, policy: Policy);

    public async Task DisposeAsync() => await _env.DisposeAsync();

    private Task<RawPgClient> LoginAsync() => RawPgClient.LoginAsync(_env.Proxy.Port, PostgresServer.TrustUser, _env.Database);

    private static async Task<List<(char Code, byte[] Body)>> QueryAsync(RawPgClient client, string sql)
    {
        await client.SendAsync(RawPgClient.Query(sql));
        return await client.ReadUntilReadyAsync();
    }

    private static async Task<string> ScalarAsync(RawPgClient client, string sql)
    {
        var replies = await QueryAsync(client, sql);
        var row = replies.Single(m => m.Code == 'D').Body;
        // One column: int16 count, int32 length, value.
        return Encoding.UTF8.GetString(row, 6, row.Length - 6);
    }

    /// <summary>Messages of a reply as comparable strings: code and whole body.</summary>
    private static List<string> Shape(IEnumerable<(char Code, byte[] Body)> replies) =>
        [.. replies.Select(m => m.Code + ":" + Convert.ToHexString(m.Body))];

    [Theory]
    [InlineData("SELECT ssn, salary FROM people WHERE id = 1")]
    [InlineData("SELECT ssn, salary FROM people WHERE id = '2'")]
    [InlineData("SELECT id, ssn FROM people WHERE name = 'Li Si'")]
    [InlineData("SELECT id, ssn FROM people WHERE name = 'it''s' OR id = 2")]
    [InlineData("SELECT id, salary FROM people WHERE salary > 1000.5 ORDER BY id")]
    [InlineData("SELECT id, ssn FROM people WHERE id IN (1, 2) ORDER BY 1")]
    [InlineData("SELECT id, ssn FROM people WHERE id BETWEEN '1' AND '2' ORDER BY 2 DESC")]
    [InlineData("SELECT id, ssn FROM people WHERE id BETWEEN 1 AND 2 ORDER BY 2 DESC", "0")]
    [InlineData("SELECT id, ssn FROM people WHERE name LIKE 'Z%' ORDER BY id")]
    [InlineData("SELECT id, ssn FROM people WHERE name IS DISTINCT FROM 'Zhang San'")]
    [InlineData("SELECT id + 2147483648, 'lit', -5, 1.5, ssn FROM people WHERE id = 2147483649 - 2147483648")]
    [InlineData("SELECT ssn, salary * 2 FROM people WHERE id = 1 LIMIT 1")]
    [InlineData("SELECT 'a' || ssn, salary FROM people WHERE ssn = '110101199003071234' AND salary < 99999999999999999999")]
    [InlineData("SELECT ssn FROM people WHERE id = 3")]
    public async Task Query_MaskedSelect_AnswersExactlyAsTheTextWould(string sql, string kept = "1")
    {
        await using var client = await LoginAsync();

        var prepared = await QueryAsync(client, sql);
        var plain = await QueryAsync(client, "SELECT 1; " + sql);

        Assert.Equal("T,D,C", RawPgClient.Describe(plain.Take(3)));
        Assert.Equal(Shape(plain.Skip(3)), Shape(prepared));
        // Numbers after BETWEEN's AND are not template literals: that text has no parameters to bind.
        Assert.Equal(kept, await ScalarAsync(client, CountKept));
    }

    [Fact]
    public async Task Query_SameShapeDifferentConstants_OneKeptStatementAndMaskedRows()
    {
        await using var client = await LoginAsync();

        for (var i = 0; i < 6; i++)
        {
            var id = 1 + (i % 2);
            var replies = await QueryAsync(client, $"SELECT ssn FROM people WHERE id = {id}");
            Assert.Equal("T,D,C,Z(I)", RawPgClient.Describe(replies));
            Assert.Contains(id == 1 ? "110*************34" : "220*************21", Encoding.UTF8.GetString(replies[1].Body), StringComparison.Ordinal);
        }

        Assert.Equal("1", await ScalarAsync(client, CountKept));
    }

    [Fact]
    public async Task Query_BadConstant_ErrorsLikeTheTextAndTheNextQueryWorks()
    {
        await using var client = await LoginAsync();

        var failed = await QueryAsync(client, "SELECT ssn FROM people WHERE id = 'abc'");
        var plainFailed = await QueryAsync(client, "SELECT 1; SELECT ssn FROM people WHERE id = 'abc'");
        var ok = await QueryAsync(client, "SELECT ssn FROM people WHERE id = '1'");

        Assert.Equal("E(22P02),Z(I)", RawPgClient.Describe(failed));
        Assert.Equal("T,D,C,E(22P02),Z(I)", RawPgClient.Describe(plainFailed));
        Assert.Equal("T,D,C,Z(I)", RawPgClient.Describe(ok));
    }

    [Fact]
    public async Task Query_FailsInsideTransaction_BlockFailsAndCommitRollsBack()
    {
        await using var client = await LoginAsync();

        Assert.Equal("C,Z(T)", RawPgClient.Describe(await QueryAsync(client, "BEGIN")));
        Assert.Equal("T,D,C,Z(T)", RawPgClient.Describe(await QueryAsync(client, "SELECT ssn FROM people WHERE id = 1")));
        Assert.Equal("E(22P02),Z(E)", RawPgClient.Describe(await QueryAsync(client, "SELECT ssn FROM people WHERE id = 'x'")));
        Assert.Equal("E(25P02),Z(E)", RawPgClient.Describe(await QueryAsync(client, "SELECT ssn FROM people WHERE id = 2")));
        var commit = await QueryAsync(client, "COMMIT");

        Assert.Equal("C,Z(I)", RawPgClient.Describe(commit));
        Assert.Contains("ROLLBACK", Encoding.UTF8.GetString(commit[0].Body), StringComparison.Ordinal);
        Assert.Equal("T,D,C,Z(I)", RawPgClient.Describe(await QueryAsync(client, "SELECT ssn FROM people WHERE id = 2")));
    }

    [Fact]
    public async Task Query_AfterUnsyncedExtendedMessages_ClientAcknowledgementsKept()
    {
        await using var client = await LoginAsync();

        await client.SendAsync([
            .. RawPgClient.Parse(string.Empty, "SELECT 41 + 1"),
            .. RawPgClient.Bind(string.Empty, string.Empty),
            .. RawPgClient.Execute(string.Empty),
            .. RawPgClient.Query("SELECT ssn FROM people WHERE id = 1"),
        ]);
        var replies = await client.ReadUntilReadyAsync();

        Assert.Equal("1,2,D,C,T,D,C,Z(I)", RawPgClient.Describe(replies));
        Assert.Contains("110*************34", Encoding.UTF8.GetString(replies[5].Body), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Query_PipelinedWithExtendedGroups_EveryReplyInOrder()
    {
        await using var client = await LoginAsync();

        await client.SendAsync([
            .. RawPgClient.Query("SELECT ssn FROM people WHERE id = 1"),
            .. RawPgClient.Parse(string.Empty, "SELECT ssn FROM people WHERE id = $1"),
            .. RawPgClient.Bind(string.Empty, string.Empty, "2"),
            .. RawPgClient.Execute(string.Empty),
            .. RawPgClient.Sync(),
            .. RawPgClient.Query("SELECT ssn FROM people WHERE id = 2"),
        ]);
        var first = await client.ReadUntilReadyAsync();
        var second = await client.ReadUntilReadyAsync();
        var third = await client.ReadUntilReadyAsync();

        Assert.Equal("T,D,C,Z(I)", RawPgClient.Describe(first));
        Assert.Equal("1,2,D,C,Z(I)", RawPgClient.Describe(second));
        Assert.Equal("T,D,C,Z(I)", RawPgClient.Describe(third));
        Assert.Contains("220*************21", Encoding.UTF8.GetString(third[1].Body), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Query_NotRewritten_SentAsTheText()
    {
        await using var client = await LoginAsync();

        Assert.Equal("T,D,C,Z(I)", RawPgClient.Describe(await QueryAsync(client, "SELECT ssn FROM shadow.people WHERE id = 7")));

        Assert.Equal("0", await ScalarAsync(client, CountKept));
    }
}
