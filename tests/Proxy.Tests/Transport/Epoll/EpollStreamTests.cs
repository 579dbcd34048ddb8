using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using MaskingProxy.Proxy.Transport;
using Xunit;

namespace MaskingProxy.Proxy.Tests.Transport.Epoll;

/// <summary>
/// The epoll transport on real loopback sockets: the paths pumps rarely hit under a fast peer —
/// a write that blocks until the peer drains, a cancelled read, a close under a pending read.
/// </summary>
public sealed class EpollStreamTests
{
    [Fact]
    public async Task Write_SlowReader_AllBytesArriveInOrder()
    {
        var (ours, peer) = await PairAsync();
        await using var stream = ours;
        using var reader = peer;
        var payload = RandomNumberGenerator.GetBytes(24 * 1024 * 1024);

        // Larger than the socket buffers: the write must park on EPOLLOUT and resume.
        var writing = stream.WriteAsync(payload).AsTask();
        var received = new MemoryStream();
        var buffer = new byte[64 * 1024];
        var peerStream = reader.GetStream();
        while (received.Length < payload.Length)
        {
            var n = await peerStream.ReadAsync(buffer);
            Assert.True(n > 0);
            received.Write(buffer, 0, n);
            if (received.Length < 2 * 1024 * 1024)
            {
                await Task.Delay(1);
            }
        }
        await writing.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(payload, received.ToArray());
    }

    [Fact]
    public async Task Read_Cancelled_ThrowsAndSocketStaysUsable()
    {
        var (ours, peer) = await PairAsync();
        await using var stream = ours;
        using var other = peer;
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        // A single read is the point here: it must end by cancellation, not by data.
#pragma warning disable CA2022
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await stream.ReadAsync(new byte[16], cts.Token));
#pragma warning restore CA2022

        await stream.WriteAsync("still open"u8.ToArray());
        var buffer = new byte[10];
        await other.GetStream().ReadExactlyAsync(buffer);
        Assert.Equal("still open"u8.ToArray(), buffer);
        await other.GetStream().WriteAsync("answer"u8.ToArray());
        var answer = new byte[6];
        Assert.Equal(6, await stream.ReadAsync(answer));
    }

    [Fact]
    public async Task Dispose_PendingRead_CompletesWithEndOfStream()
    {
        var (ours, peer) = await PairAsync();
        using var other = peer;
        var pending = ours.ReadAsync(new byte[16]).AsTask();

        await ours.DisposeAsync();

        Assert.Equal(0, await pending.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal(0, await other.GetStream().ReadAsync(new byte[1]));
    }

    [Fact]
    public async Task Read_PeerCloses_EndOfStream()
    {
        var (ours, peer) = await PairAsync();
        await using var stream = ours;
        var pending = stream.ReadAsync(new byte[16]).AsTask();

        peer.Dispose();

        Assert.Equal(0, await pending.WaitAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task Connect_NothingListening_SocketExceptionConnectionRefused()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();

        var ex = await Assert.ThrowsAsync<SocketException>(() => ConnectionTransport.ConnectAsync("127.0.0.1", port, 1, TimeSpan.FromSeconds(5), CancellationToken.None));

        Assert.Equal(SocketError.ConnectionRefused, ex.SocketErrorCode);
    }

    private static async Task<(Stream Ours, TcpClient Peer)> PairAsync()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var accept = listener.AcceptSocketAsync();
        var ours = await ConnectionTransport.ConnectAsync("127.0.0.1", port, 7, TimeSpan.FromSeconds(5), CancellationToken.None);
        var peerSocket = await accept;
        return (ours, new TcpClient { Client = peerSocket });
    }
}
