using System.Net.Sockets;

namespace MaskingProxy.Proxy.Transport.Epoll;

/// <summary>Maps Linux errno values to <see cref="SocketError"/>, which .NET reports in Windows numbering.</summary>
internal static class SocketErrors
{
    public static SocketException From(int errno) => new((int)(errno switch
    {
        111 => SocketError.ConnectionRefused,
        110 => SocketError.TimedOut,
        113 => SocketError.HostUnreachable,
        101 => SocketError.NetworkUnreachable,
        104 => SocketError.ConnectionReset,
        32 => SocketError.Shutdown,
        99 => SocketError.AddressNotAvailable,
        103 => SocketError.ConnectionAborted,
        107 => SocketError.NotConnected,
        _ => SocketError.SocketError,
    }));
}
