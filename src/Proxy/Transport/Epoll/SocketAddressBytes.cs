using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace MaskingProxy.Proxy.Transport.Epoll;

/// <summary>Linux struct sockaddr_in / sockaddr_in6 for connect(2).</summary>
internal static class SocketAddressBytes
{
    private const ushort AfInet = 2;
    private const ushort AfInet6 = 10;

    public static byte[] From(IPAddress address, int port)
    {
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var sa = new byte[16];
            BinaryPrimitives.WriteUInt16LittleEndian(sa, AfInet);
            BinaryPrimitives.WriteUInt16BigEndian(sa.AsSpan(2), (ushort)port);
            address.TryWriteBytes(sa.AsSpan(4), out _);
            return sa;
        }
        var sa6 = new byte[28];
        BinaryPrimitives.WriteUInt16LittleEndian(sa6, AfInet6);
        BinaryPrimitives.WriteUInt16BigEndian(sa6.AsSpan(2), (ushort)port);
        address.TryWriteBytes(sa6.AsSpan(8), out _);
        BinaryPrimitives.WriteUInt32LittleEndian(sa6.AsSpan(24), (uint)address.ScopeId);
        return sa6;
    }
}
