using System.Net;
using System.Net.Sockets;
using MaskingProxy.Proxy.Transport.Epoll;

namespace MaskingProxy.Proxy.Transport;

/// <summary>
/// Turns sockets into streams: the epoll transport on Linux, .NET's socket streams elsewhere or
/// when MASKINGPROXY_TRANSPORT=sockets. Disposing a returned stream closes its socket and ends
/// any pending read or write on it.
/// </summary>
public static class ConnectionTransport
{
    /// <param name="affinity">Sessions pass their id for both legs, which keeps a session on one event thread.</param>
    public static Stream Accepted(Socket socket, int affinity)
    {
        socket.NoDelay = true;
        return EpollEngine.For(affinity) is { } engine ? new EpollStream(engine.Register(socket)) : new NetworkStream(socket, ownsSocket: true);
    }

    /// <summary>Connects to the first address of <paramref name="host"/> that answers, within <paramref name="timeout"/>.</summary>
    public static async Task<Stream> ConnectAsync(string host, int port, int affinity, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var addresses = IPAddress.TryParse(host, out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(host, cancellationToken).ConfigureAwait(false);
        if (addresses.Length == 0)
        {
            throw new SocketException((int)SocketError.HostNotFound);
        }
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        SocketException? last = null;
        foreach (var address in addresses)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            EpollSocket? registered = null;
            try
            {
                if (EpollEngine.For(affinity) is { } engine)
                {
                    registered = engine.Register(socket);
                    using (deadline.Token.UnsafeRegister(static s => ((EpollSocket)s!).Close(), registered))
                    {
                        try
                        {
                            await EpollConnect.ConnectAsync(registered, SocketAddressBytes.From(address, port)).ConfigureAwait(false);
                        }
                        catch (ObjectDisposedException) when (deadline.IsCancellationRequested)
                        {
                            throw new OperationCanceledException(deadline.Token);
                        }
                    }
                    deadline.Token.ThrowIfCancellationRequested();
                    return new EpollStream(registered);
                }
                await socket.ConnectAsync(new IPEndPoint(address, port), deadline.Token).ConfigureAwait(false);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException ex)
            {
                Close(socket, registered);
                last = ex;
            }
            catch
            {
                Close(socket, registered);
                throw;
            }
        }
        throw last!;
    }

    private static void Close(Socket socket, EpollSocket? registered)
    {
        if (registered is not null)
        {
            registered.Close();
        }
        else
        {
            socket.Dispose();
        }
    }
}
