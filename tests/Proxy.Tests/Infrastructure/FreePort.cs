using System.Net;
using System.Net.Sockets;

namespace MaskingProxy.Proxy.Tests.Infrastructure;

/// <summary>Asks the kernel for an unused loopback TCP port.</summary>
public static class FreePort
{
    /// <remarks>
    /// The port is released before the caller binds it, so another process can take it in between;
    /// callers that start servers retry on "address in use".
    /// </remarks>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
