using System.Runtime.CompilerServices;
using System.Net.Security;
using System.Security.Authentication;
using MaskingProxy.Proxy.Observability;
using MaskingProxy.Proxy.Postgres.Messages;
using MaskingProxy.Proxy.Postgres.Protocol;
using MaskingProxy.Proxy.Sessions;
using MaskingProxy.Proxy.Transport;

namespace MaskingProxy.Proxy.Postgres;

public sealed partial class PgSession
{
    private static readonly byte[] AcceptTls = [(byte)'S'];
    private static readonly byte[] RefuseEncryption = [(byte)'N'];

    /// <summary>
    /// The untyped startup phase (docs §55.2.1, §55.2.10, §55.2.11): answer SSLRequest and
    /// GSSENCRequest, route a CancelRequest, and read the StartupMessage. False when the connection
    /// ends here (cancel handled, client gone, or an error already sent).
    /// </summary>
    private async Task<bool> NegotiateClientAsync(CancellationToken cancellationToken)
    {
        // A client may try GSS encryption, then TLS, then start; anything longer is not a client.
        for (var packet = 0; packet < 3; packet++)
        {
            if (!await _client.EnsureAsync(4, cancellationToken).ConfigureAwait(false))
            {
                return false;
            }
            var length = PgWire.ReadInt32(_client.Buffered);
            if (length < 8 || length > StartupCode.MaxStartupPacketLength)
            {
                throw new ProtocolViolationException("invalid length of startup packet");
            }
            if (!await _client.EnsureAsync(length, cancellationToken).ConfigureAwait(false))
            {
                return false;
            }
            var code = PgWire.ReadInt32(_client.Buffered[4..]);
            switch (code)
            {
                case StartupCode.SslRequest:
                    _client.Consume(length);
                    await NegotiateClientTlsAsync(length, cancellationToken).ConfigureAwait(false);
                    continue;
                case StartupCode.GssEncRequest:
                    _client.Consume(length);
                    await _clientStream.WriteAsync(RefuseEncryption, cancellationToken).ConfigureAwait(false);
                    continue;
                case StartupCode.CancelRequest:
                    await HandleCancelRequestAsync(_client.Buffered[..length].ToArray()).ConfigureAwait(false);
                    return false;
            }
            if ((code >> 16) != 3)
            {
                throw new ProtocolViolationException($"unsupported frontend protocol {code >> 16}.{code & 0xFFFF}: server supports 3.0 to 3.0");
            }
            if (!StartupMessage.TryParse(_client.Buffered[..length], out var startup, out var error))
            {
                throw new ProtocolViolationException(error!);
            }
            _client.Consume(length);
            _startup = startup!;
            Facts = new SessionFacts(Id, _context.Listener.Name, "postgres", startup!.User, startup.Database, startup.ApplicationName, ClientEndPoint, _clientTls, startup.Replication is { } r && r != "false" && r != "0" && r != "off");
            return true;
        }
        throw new ProtocolViolationException("too many encryption negotiation requests");
    }

    private async Task NegotiateClientTlsAsync(int length, CancellationToken cancellationToken)
    {
        if (length != 8)
        {
            throw new ProtocolViolationException("invalid length of SSL request");
        }
        if (_clientTls)
        {
            throw new ProtocolViolationException("SSL request received on an encrypted connection");
        }
        if (_context.ServerCertificate is null)
        {
            await _clientStream.WriteAsync(RefuseEncryption, cancellationToken).ConfigureAwait(false);
            return;
        }
        // Bytes that arrived before the handshake would be plaintext a man in the middle could have
        // injected (CVE-2021-23214): refuse them rather than treat them as encrypted input.
        if (_client.Count != 0)
        {
            throw new ProtocolViolationException("received unencrypted data after SSL request");
        }
        await _clientStream.WriteAsync(AcceptTls, cancellationToken).ConfigureAwait(false);
        var tls = new SslStream(_clientStream, leaveInnerStreamOpen: false);
        try
        {
            await tls.AuthenticateAsServerAsync(
                new SslServerAuthenticationOptions
                {
                    ServerCertificate = _context.ServerCertificate,
                    ClientCertificateRequired = false,
                    EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
                },
                cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is AuthenticationException or IOException)
        {
            _context.Metrics.Error(ErrorKind.ClientTls);
            LogMessages.ClientTlsFailed(_context.Logger, Id, ex.Message);
            await tls.DisposeAsync().ConfigureAwait(false);
            throw new IOException("client TLS handshake failed", ex);
        }
        _client.Dispose();
        _clientStream = tls;
        _client = new WireReader(tls);
        _clientTls = true;
    }

    private async Task HandleCancelRequestAsync(byte[] packet)
    {
        if (!CancelRequestMessage.TryParse(packet, out var request))
        {
            throw new ProtocolViolationException("invalid length of cancel request");
        }
        // As PostgreSQL does, an unknown key gets no answer: the client cannot probe for sessions.
        var target = _context.Cancels.Find(request.ProcessId, request.SecretKey);
        if (target is not null)
        {
            await target.CancelBackendAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Sends a FATAL ErrorResponse to the client; errors writing it are ignored (it is closing).</summary>
    private async Task SendFatalAsync(string sqlState, string message)
    {
        using var buffer = new PooledBuffer(256);
        ErrorResponseMessage.Write(buffer, "FATAL", sqlState, message);
        try
        {
            await WriteClientAsync(buffer.WrittenMemory, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or OperationCanceledException or System.Net.Sockets.SocketException or InvalidOperationException)
        {
            // The client is gone; the connection closes either way.
        }
    }

    /// <summary>Writes to the client through its write gate; synchronous when the gate is free and the socket takes it all.</summary>
    private ValueTask WriteClientAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        _context.Metrics.BackendToClient(bytes.Length);
        return WriteGatedAsync(_clientWriteGate, _clientStream, bytes, cancellationToken);
    }

    private ValueTask WriteBackendAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        _context.Metrics.ClientToBackend(bytes.Length);
        return WriteGatedAsync(_backendWriteGate, _backendStream!, bytes, cancellationToken);
    }

    /// <summary>
    /// The fast path takes no state machine: the gate is almost always free and the send almost
    /// always completes at once.
    /// </summary>
    private static ValueTask WriteGatedAsync(WriteGate gate, Stream stream, ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        if (!gate.TryEnter())
        {
            return WriteGatedSlowAsync(gate, stream, bytes, cancellationToken);
        }
        ValueTask write;
        try
        {
            write = stream.WriteAsync(bytes, cancellationToken);
        }
        catch
        {
            gate.Exit();
            throw;
        }
        if (write.IsCompletedSuccessfully)
        {
            gate.Exit();
            return ValueTask.CompletedTask;
        }
        return ExitAfterAsync(gate, write);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private static async ValueTask ExitAfterAsync(WriteGate gate, ValueTask write)
    {
        try
        {
            await write.ConfigureAwait(false);
        }
        finally
        {
            gate.Exit();
        }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private static async ValueTask WriteGatedSlowAsync(WriteGate gate, Stream stream, ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        await gate.EnterAsync().ConfigureAwait(false);
        try
        {
            await stream.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            gate.Exit();
        }
    }
}
