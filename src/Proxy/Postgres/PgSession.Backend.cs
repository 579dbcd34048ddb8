using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using MaskingProxy.Proxy.Hosting;
using MaskingProxy.Proxy.Observability;
using MaskingProxy.Proxy.Postgres.Messages;
using MaskingProxy.Proxy.Postgres.Protocol;
using MaskingProxy.Proxy.Transport;

namespace MaskingProxy.Proxy.Postgres;

public sealed partial class PgSession
{
    private static readonly byte[] SslRequestPacket = [0, 0, 0, 8, 0x04, 0xD2, 0x16, 0x2F];

    /// <summary>
    /// Opens the backend connection, negotiates TLS per backend_tls and forwards the client's
    /// StartupMessage byte for byte. A backend that cannot be reached gives the client a FATAL 08006.
    /// </summary>
    private async Task<bool> ConnectBackendAsync(CancellationToken cancellationToken)
    {
        var backend = _context.Listener.Backend;
        Stream stream;
        try
        {
            stream = await ConnectionTransport.ConnectAsync(backend.Host, backend.Port, Id, _context.Limits.ConnectTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is SocketException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            var reason = ex is SocketException se ? Describe(se.SocketErrorCode) : "connection timed out";
            return await FailBackendAsync(ErrorKind.BackendConnect, $"could not connect to the database server at {backend}: {reason}").ConfigureAwait(false);
        }
        _backendTransport = _backendStream = stream;
        var mode = _context.Listener.BackendTls;
        if (mode != BackendTlsMode.Disable)
        {
            await stream.WriteAsync(SslRequestPacket, cancellationToken).ConfigureAwait(false);
            var answer = new byte[1];
            if (await stream.ReadAsync(answer, cancellationToken).ConfigureAwait(false) != 1)
            {
                return await FailBackendAsync(ErrorKind.BackendConnect, $"the database server at {backend} closed the connection during TLS negotiation").ConfigureAwait(false);
            }
            if (answer[0] == 'S')
            {
                var tls = new SslStream(stream, leaveInnerStreamOpen: false, ValidateBackendCertificate);
                try
                {
                    await tls.AuthenticateAsClientAsync(
                        new SslClientAuthenticationOptions
                        {
                            TargetHost = backend.Host,
                            EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
                        },
                        cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is AuthenticationException or IOException)
                {
                    return await FailBackendAsync(ErrorKind.BackendTls, $"TLS to the database server at {backend} failed: {ex.Message}").ConfigureAwait(false);
                }
                _backendStream = stream = tls;
                _backendTls = true;
            }
            else if (mode != BackendTlsMode.Prefer)
            {
                return await FailBackendAsync(ErrorKind.BackendTls, $"the database server at {backend} does not support TLS, but backend_tls is {mode.ToString().ToLowerInvariant()}").ConfigureAwait(false);
            }
        }
        _backend = new WireReader(stream);
        await WriteBackendAsync(_startup!.Raw, cancellationToken).ConfigureAwait(false);
        return true;
    }

    private async Task<bool> FailBackendAsync(ErrorKind kind, string message)
    {
        _context.Metrics.Error(kind);
        LogMessages.BackendFailed(_context.Logger, Id, message);
        await SendFatalAsync(SqlState.ConnectionFailure, message).ConfigureAwait(false);
        return false;
    }

    /// <summary>
    /// prefer/require accept any certificate (libpq semantics without a root file); verify-full
    /// checks the chain — against backend_ca when configured — and the host name.
    /// </summary>
    private bool ValidateBackendCertificate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (_context.Listener.BackendTls != BackendTlsMode.VerifyFull)
        {
            return true;
        }
        if (certificate is null || (errors & (SslPolicyErrors.RemoteCertificateNameMismatch | SslPolicyErrors.RemoteCertificateNotAvailable)) != 0)
        {
            return false;
        }
        if (_context.BackendCa is not { Count: > 0 } roots)
        {
            return errors == SslPolicyErrors.None;
        }
        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.CustomTrustStore.AddRange(roots);
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var leaf = new X509Certificate2(certificate);
        return custom.Build(leaf);
    }

    /// <summary>Forwards a client's cancel to this session's backend over a new connection (docs §55.2.7).</summary>
    public async Task CancelBackendAsync()
    {
        var backend = _context.Listener.Backend;
        try
        {
            using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
            using var timeout = new CancellationTokenSource(_context.Limits.ConnectTimeout);
            await socket.ConnectAsync(backend.Host, backend.Port, timeout.Token).ConfigureAwait(false);
            await socket.SendAsync(new CancelRequestMessage(_backendKey.ProcessId, _backendKey.SecretKey).ToBytes(), timeout.Token).ConfigureAwait(false);
            // The server closes the connection when done; wait for that so the cancel is not lost
            // to an early reset.
            var sink = new byte[1];
            _ = await socket.ReceiveAsync(sink, timeout.Token).ConfigureAwait(false);
            LogMessages.CancelForwarded(_context.Logger, Id);
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException)
        {
            LogMessages.BackendFailed(_context.Logger, Id, $"cancel request to {backend} failed: {ex.Message}");
        }
    }

    private static string Describe(SocketError error) => error switch
    {
        SocketError.ConnectionRefused => "connection refused",
        SocketError.HostNotFound or SocketError.NoData => "host not found",
        SocketError.TimedOut => "connection timed out",
        SocketError.NetworkUnreachable or SocketError.HostUnreachable => "host unreachable",
        _ => error.ToString(),
    };
}
