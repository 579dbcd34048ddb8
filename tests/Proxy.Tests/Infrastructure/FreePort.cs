using System.Net;
using System.Net.Sockets;

namespace MaskingProxy.Proxy.Tests.Infrastructure;

/// <summary>Asks the kernel for an unused loopback TCP port.</summary>
public static class FreePort
{
    private const int Remembered = 256;
    private static readonly Queue<int> s_recent = new();
    private static readonly HashSet<int> s_recentSet = [];

    /// <remarks>
    /// The port is released before the caller binds it, so another process can take it in between;
    /// callers that start servers retry on "address in use". Within this process, a port handed out
    /// recently is not handed out again: the kernel may offer the same free port to two calls in a
    /// row (a listener and its admin endpoint), and the second server would then fail to bind.
    /// </remarks>
    public static int Next()
    {
        while (true)
        {
            int port;
            using (var listener = new TcpListener(IPAddress.Loopback, 0))
            {
                listener.Start();
                port = ((IPEndPoint)listener.LocalEndpoint).Port;
            }

            lock (s_recent)
            {
                if (!s_recentSet.Add(port))
                {
                    continue;
                }

                s_recent.Enqueue(port);
                if (s_recent.Count > Remembered)
                {
                    s_recentSet.Remove(s_recent.Dequeue());
                }

                return port;
            }
        }
    }
}
