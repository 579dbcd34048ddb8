using System.Text;
using MaskingProxy.Proxy.Tests.Infrastructure;
using MaskingProxy.Proxy.Tests.Support;
using Xunit;
using static MaskingProxy.Proxy.Tests.Support.RawPgClient;

namespace MaskingProxy.Proxy.Tests.Postgres;

/// <summary>
/// TCP delivers bytes, not messages: the proxy must frame correctly wherever a read boundary
/// falls. Each test sends the same bytes split at every possible position, as two separate writes.
/// </summary>
[Collection("postgres")]
public sealed class FramingTests
{
    private readonly PostgresServer _postgres;

    public FramingTests(PostgresServer postgres) => _postgres = postgres;

    [Fact]
    public async Task ExtendedPipeline_SplitAtEveryByte_SameResponses()
    {
        await using var proxy = RunningProxy.Start(_postgres, new DenyRuleInterceptor());
        await using var client = await LoginAsync(proxy.Port, PostgresServer.TrustUser, PostgresServer.AppDatabase);
        byte[] pipeline = [
            .. Parse("", "select $1::int + 1"), .. Bind("", "", "41"), .. Describe('P', ""), .. Execute(""), .. Sync(),
            .. Query("select 'forbidden_word'"),
        ];

        for (var split = 1; split < pipeline.Length; split++)
        {
            await client.SendAsync(pipeline[..split]);
            await Task.Delay(2);
            await client.SendAsync(pipeline[split..]);

            var first = await client.ReadUntilReadyAsync();
            var second = await client.ReadUntilReadyAsync();
            Assert.Equal("1,2,T,D,C,Z(I)", Describe(first));
            Assert.Equal("42", Encoding.UTF8.GetString(first[3].Body, 6, 2));
            Assert.Equal("E(42501),Z(I)", Describe(second));
        }
    }

    [Fact]
    public async Task StartupPacket_SplitAtEveryByte_LogsIn()
    {
        await using var proxy = RunningProxy.Start(_postgres);
        var startup = Startup(PostgresServer.TrustUser, PostgresServer.AppDatabase);

        for (var split = 1; split < startup.Length; split++)
        {
            await using var client = await ConnectAsync(proxy.Port);
            await client.SendAsync(startup[..split]);
            await Task.Delay(2);
            await client.SendAsync(startup[split..]);
            var reply = await client.ReadUntilReadyAsync();
            Assert.Equal('R', reply[0].Code);
            Assert.Equal("Z(I)", Describe([reply[^1]]));
        }
    }

    [Fact]
    public async Task ByteByByte_WholeSession_Works()
    {
        await using var proxy = RunningProxy.Start(_postgres);
        await using var client = await ConnectAsync(proxy.Port);
        byte[] session = [.. Startup(PostgresServer.TrustUser, PostgresServer.AppDatabase)];
        foreach (var b in session)
        {
            await client.SendAsync([b]);
        }
        await client.ReadUntilReadyAsync();

        foreach (var b in Query("select 'byte' || 'wise'"))
        {
            await client.SendAsync([b]);
        }
        var reply = await client.ReadUntilReadyAsync();

        Assert.Equal("T,D,C,Z(I)", Describe(reply));
        Assert.Contains("bytewise", Encoding.UTF8.GetString(reply[1].Body), StringComparison.Ordinal);
    }
}
