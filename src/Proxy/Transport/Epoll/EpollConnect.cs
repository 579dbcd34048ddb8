using System.Net.Sockets;

namespace MaskingProxy.Proxy.Transport.Epoll;

/// <summary>Non-blocking connect(2) on a registered socket (kept apart: async methods cannot be unsafe).</summary>
internal static class EpollConnect
{
    public static async ValueTask ConnectAsync(EpollSocket socket, byte[] socketAddress)
    {
        if (!socket.StartConnect(socketAddress, out var wait))
        {
            return;
        }
        await wait.ConfigureAwait(false);
        var error = socket.ReadSocketError();
        if (error != 0)
        {
            throw SocketErrors.From(error);
        }
    }
}
