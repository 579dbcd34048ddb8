using System.Text;
using MaskingProxy.Proxy.Interception;
using MaskingProxy.Proxy.Observability;
using MaskingProxy.Proxy.Tests.Infrastructure;
using MaskingProxy.Proxy.Tests.Support;
using Npgsql;
using Xunit;
using static MaskingProxy.Proxy.Tests.Support.RawPgClient;

namespace MaskingProxy.Proxy.Tests.Postgres;

/// <summary>
/// The interception point's deny path: a denied statement yields SQLSTATE 42501 while client and
/// backend stay in protocol sync and agree on transaction state. Driven by a deny rule that exists
/// only in tests (<see cref="DenyRuleInterceptor"/>).
/// </summary>
[Collection("postgres")]
public sealed class DenyPathTests
{
    private readonly PostgresServer _postgres;

    public DenyPathTests(PostgresServer postgres) => _postgres = postgres;

    [Fact]
    public async Task SimpleQuery_Denied_ErrorThenReadyAndSessionUsable()
    {
        await using var proxy = RunningProxy.Start(_postgres, new DenyRuleInterceptor());
        await using var client = await LoginAsync(proxy.Port, PostgresServer.TrustUser, PostgresServer.AppDatabase);

        await client.SendAsync(Query("select 1 as forbidden_word"));
        var denied = await client.ReadUntilReadyAsync();

        Assert.Equal("E(42501),Z(I)", Describe(denied));
        Assert.Contains(DenyRuleInterceptor.Reason, Field(denied[0].Body, 'M'), StringComparison.Ordinal);
        Assert.Equal("ERROR", Field(denied[0].Body, 'S'));

        await client.SendAsync(Query("select 42"));
        var next = await client.ReadUntilReadyAsync();
        Assert.Equal("T,D,C,Z(I)", Describe(next));
        Assert.Equal(1, proxy.Server.Metrics.Errors(ErrorKind.Denied));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ParseOfReservedName_RefusedAndCountedOnceWhetherTrackedOrNot(bool tracked)
    {
        await using var proxy = tracked ? RunningProxy.Start(_postgres, new DenyRuleInterceptor()) : RunningProxy.Start(_postgres);
        await using var client = await LoginAsync(proxy.Port, PostgresServer.TrustUser, PostgresServer.AppDatabase);

        await client.SendAsync([.. Parse("__mp_auto_1", "select 1"), .. Sync()]);
        var refused = await client.ReadUntilReadyAsync();

        Assert.Equal("E(42501),Z(I)", Describe(refused));
        Assert.Contains("reserved for the proxy", Field(refused[0].Body, 'M'), StringComparison.Ordinal);
        Assert.Equal(1, proxy.Server.Metrics.Errors(ErrorKind.Denied));
        await client.SendAsync(Query("select 42"));
        Assert.Equal("T,D,C,Z(I)", Describe(await client.ReadUntilReadyAsync()));
    }

    [Fact]
    public async Task SimpleQuery_MultiStatementWithDeniedPart_NothingRuns()
    {
        var table = "deny_multi_" + Guid.NewGuid().ToString("N")[..8];
        await _postgres.RunPsqlAsync($"create table {table}(a int); grant all on {table} to public;");
        await using var proxy = RunningProxy.Start(_postgres, new DenyRuleInterceptor());
        await using var client = await LoginAsync(proxy.Port, PostgresServer.TrustUser, PostgresServer.AppDatabase);

        await client.SendAsync(Query($"insert into {table} values (1); select 'forbidden_word'; insert into {table} values (2)"));
        var denied = await client.ReadUntilReadyAsync();

        Assert.Equal("E(42501),Z(I)", Describe(denied));
        Assert.Equal("0", await _postgres.RunPsqlAsync($"select count(*) from {table}"));
    }

    [Fact]
    public async Task ExtendedQuery_DeniedParse_ErrorThenMessagesDiscardedUntilSync()
    {
        await using var proxy = RunningProxy.Start(_postgres, new DenyRuleInterceptor());
        await using var client = await LoginAsync(proxy.Port, PostgresServer.TrustUser, PostgresServer.AppDatabase);

        await client.SendAsync([
            .. Parse("", "select 1 where 'forbidden_word' = $1"), .. Bind("", "", "x"), .. Describe('P', ""), .. Execute(""), .. Sync(),
        ]);
        var denied = await client.ReadUntilReadyAsync();

        Assert.Equal("E(42501),Z(I)", Describe(denied));
    }

    [Fact]
    public async Task ExtendedQuery_PipelineWithDeniedMiddle_ResponsesStayInOrder()
    {
        await using var proxy = RunningProxy.Start(_postgres, new DenyRuleInterceptor());
        await using var client = await LoginAsync(proxy.Port, PostgresServer.TrustUser, PostgresServer.AppDatabase);

        await client.SendAsync([
            .. Parse("", "select 1"), .. Bind("", ""), .. Execute(""), .. Sync(),
            .. Parse("", "select 'forbidden_word'"), .. Bind("", ""), .. Execute(""), .. Sync(),
            .. Parse("s3", "select 3"), .. Bind("", "s3"), .. Execute(""), .. Sync(),
        ]);
        var first = await client.ReadUntilReadyAsync();
        var second = await client.ReadUntilReadyAsync();
        var third = await client.ReadUntilReadyAsync();

        Assert.Equal("1,2,D,C,Z(I)", Describe(first));
        Assert.Equal("E(42501),Z(I)", Describe(second));
        Assert.Equal("1,2,D,C,Z(I)", Describe(third));
        Assert.Equal("3", Encoding.UTF8.GetString(third[2].Body, 6, 1));
    }

    [Fact]
    public async Task ExtendedQuery_DeniedNamedStatementUsedLater_DoesNotExist()
    {
        await using var proxy = RunningProxy.Start(_postgres, new DenyRuleInterceptor());
        await using var client = await LoginAsync(proxy.Port, PostgresServer.TrustUser, PostgresServer.AppDatabase);

        await client.SendAsync([.. Parse("named", "select 'forbidden_word'"), .. Sync()]);
        Assert.Equal("E(42501),Z(I)", Describe(await client.ReadUntilReadyAsync()));

        await client.SendAsync([.. Bind("", "named"), .. Execute(""), .. Sync()]);
        Assert.Equal("E(26000),Z(I)", Describe(await client.ReadUntilReadyAsync()));
    }

    [Fact]
    public async Task Transaction_DeniedStatementInBlock_BackendFailsBlockAndCommitRollsBack()
    {
        var table = "deny_tx_" + Guid.NewGuid().ToString("N")[..8];
        await _postgres.RunPsqlAsync($"create table {table}(a int); grant all on {table} to public;");
        await using var proxy = RunningProxy.Start(_postgres, new DenyRuleInterceptor());
        await using var client = await LoginAsync(proxy.Port, PostgresServer.TrustUser, PostgresServer.AppDatabase);

        await client.SendAsync(Query($"begin; insert into {table} values (1)"));
        Assert.Equal("C,C,Z(T)", Describe(await client.ReadUntilReadyAsync()));

        await client.SendAsync([.. Parse("", "select 'forbidden_word'"), .. Bind("", ""), .. Execute(""), .. Sync()]);
        Assert.Equal("E(42501),Z(E)", Describe(await client.ReadUntilReadyAsync()));

        // Still denied (not 25P02) in the failed block: the client learns why.
        await client.SendAsync(Query("select 'forbidden_word'"));
        Assert.Equal("E(42501),Z(E)", Describe(await client.ReadUntilReadyAsync()));

        await client.SendAsync(Query("commit"));
        var commit = await client.ReadUntilReadyAsync();
        Assert.Equal("C,Z(I)", Describe(commit));
        Assert.Equal("ROLLBACK", Encoding.UTF8.GetString(commit[0].Body).TrimEnd('\0'));
        Assert.Equal("0", await _postgres.RunPsqlAsync($"select count(*) from {table}"));
    }

    [Fact]
    public async Task Npgsql_DeniedCommand_PostgresException42501AndConnectionUsable()
    {
        await using var proxy = RunningProxy.Start(_postgres, new DenyRuleInterceptor());
        await using var connection = await proxy.OpenAsync();

        await using (var denied = new NpgsqlCommand("select @p as forbidden_word", connection))
        {
            denied.Parameters.AddWithValue("p", 1);
            var ex = await Assert.ThrowsAsync<PostgresException>(() => denied.ExecuteScalarAsync());
            Assert.Equal("42501", ex.SqlState);
            Assert.Contains(DenyRuleInterceptor.Reason, ex.MessageText, StringComparison.Ordinal);
        }

        await using var ok = new NpgsqlCommand("select 7", connection);
        Assert.Equal(7, await ok.ExecuteScalarAsync());
    }

    [Fact]
    public async Task NpgsqlTransaction_DeniedCommand_CommitDoesNotPersistEarlierWork()
    {
        var table = "deny_npg_" + Guid.NewGuid().ToString("N")[..8];
        await _postgres.RunPsqlAsync($"create table {table}(a int); grant all on {table} to public;");
        await using var proxy = RunningProxy.Start(_postgres, new DenyRuleInterceptor());
        await using var connection = await proxy.OpenAsync();

        await using (var tx = await connection.BeginTransactionAsync())
        {
            await using (var insert = new NpgsqlCommand($"insert into {table} values (1)", connection, tx))
            {
                await insert.ExecuteNonQueryAsync();
            }
            await using (var denied = new NpgsqlCommand("select 'forbidden_word'", connection, tx))
            {
                var ex = await Assert.ThrowsAsync<PostgresException>(() => denied.ExecuteScalarAsync());
                Assert.Equal("42501", ex.SqlState);
            }
            try
            {
                await tx.CommitAsync();
            }
            catch (PostgresException)
            {
                // Some drivers report the server's ROLLBACK on COMMIT as an error; either way nothing persists.
            }
        }

        Assert.Equal("0", await _postgres.RunPsqlAsync($"select count(*) from {table}"));
        await using var after = new NpgsqlCommand("select 1", connection);
        Assert.Equal(1, await after.ExecuteScalarAsync());
    }

    [Fact]
    public async Task NpgsqlBatch_DeniedMiddleCommand_WholeBatchFailsAndSessionRecovers()
    {
        var table = "deny_batch_" + Guid.NewGuid().ToString("N")[..8];
        await _postgres.RunPsqlAsync($"create table {table}(a int); grant all on {table} to public;");
        await using var proxy = RunningProxy.Start(_postgres, new DenyRuleInterceptor());
        await using var connection = await proxy.OpenAsync();

        await using (var batch = new NpgsqlBatch(connection))
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand($"insert into {table} values (1)"));
            batch.BatchCommands.Add(new NpgsqlBatchCommand("select 'forbidden_word'"));
            batch.BatchCommands.Add(new NpgsqlBatchCommand($"insert into {table} values (3)"));
            var ex = await Assert.ThrowsAsync<PostgresException>(() => batch.ExecuteNonQueryAsync());
            Assert.Equal("42501", ex.SqlState);
        }

        // One Sync for the batch makes it one implicit transaction: the first insert is undone too.
        Assert.Equal("0", await _postgres.RunPsqlAsync($"select count(*) from {table}"));
        await using var after = new NpgsqlCommand($"select count(*) from {table}", connection);
        Assert.Equal(0L, await after.ExecuteScalarAsync());
    }

    [Fact]
    public async Task Rewrite_SimpleAndExtended_BackendSeesRewrittenText()
    {
        await using var proxy = RunningProxy.Start(_postgres, new DenyRuleInterceptor());
        await using var connection = await proxy.OpenAsync();

        await using var extended = new NpgsqlCommand("select rewrite_me", connection);
        Assert.Equal("rewritten", await extended.ExecuteScalarAsync());

        await using var client = await LoginAsync(proxy.Port, PostgresServer.TrustUser, PostgresServer.AppDatabase);
        await client.SendAsync(Query("select rewrite_me"));
        var reply = await client.ReadUntilReadyAsync();
        Assert.Equal("T,D,C,Z(I)", Describe(reply));
        Assert.Contains("rewritten", Encoding.UTF8.GetString(reply[1].Body), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Interceptor_Throws_StatementDeniedFailClosed()
    {
        await using var proxy = RunningProxy.Start(_postgres, new ThrowingInterceptor());
        await using var client = await LoginAsync(proxy.Port, PostgresServer.TrustUser, PostgresServer.AppDatabase);

        await client.SendAsync(Query("select 1"));
        var reply = await client.ReadUntilReadyAsync();

        Assert.Equal("E(42501),Z(I)", Describe(reply));
        Assert.Contains("internal error", Field(reply[0].Body, 'M'), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ClientSyntaxError_NotADenial_PassesThroughUnchanged()
    {
        await using var proxy = RunningProxy.Start(_postgres, new DenyRuleInterceptor());
        await using var client = await LoginAsync(proxy.Port, PostgresServer.TrustUser, PostgresServer.AppDatabase);

        await client.SendAsync(Query("mp_deny_0000000000000000_1"));
        var reply = await client.ReadUntilReadyAsync();

        Assert.Equal("E(42601),Z(I)", Describe(reply));
    }

    private sealed class ThrowingInterceptor : IStatementInterceptor
    {
        public ValueTask<StatementDecision> DecideAsync(StatementContext context, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("boom");
    }
}
