using MaskingProxy.Proxy.Observability;
using MaskingProxy.Proxy.Postgres.Messages;
using MaskingProxy.Proxy.Postgres.Protocol;
using MaskingProxy.Proxy.Transport;

namespace MaskingProxy.Proxy.Postgres;

public sealed partial class PgSession
{
    private const string ScramPlusSuffix = "-PLUS";

    /// <summary>PostgreSQL's PG_MAX_AUTH_TOKEN_LENGTH for password and SASL messages.</summary>
    private const int MaxAuthTokenLength = 65535;

    private string? _authFailureState;

    /// <summary>
    /// Relays the authentication exchange (docs §55.2.1) between client and backend until
    /// AuthenticationOk: trust, cleartext, md5 and SASL/SCRAM all pass through, so the proxy never
    /// needs a password. SCRAM channel binding binds to the TLS channel the client sees; through a
    /// proxy that channel is never the backend's (client TLS ends here, or the client leg is plain
    /// while the backend leg is TLS), so *-PLUS mechanisms are withheld from the client.
    /// </summary>
    private async Task<bool> RelayAuthenticationAsync(CancellationToken cancellationToken)
    {
        var backend = _backend!;
        while (true)
        {
            var total = await ReadWholeMessageAsync(backend, MaxMessageBytes, cancellationToken).ConfigureAwait(false);
            if (total < 0)
            {
                return await FailBackendAsync(ErrorKind.BackendConnect, "the database server closed the connection during authentication").ConfigureAwait(false);
            }
            var code = (BackendCode)backend.Buffered[0];
            var body = backend.Buffered[PgWire.HeaderLength..total];
            switch (code)
            {
                case BackendCode.Authentication:
                    if (!AuthenticationMessage.TryParseCode(body, out var auth))
                    {
                        throw new ProtocolViolationException("invalid authentication message from the database server");
                    }
                    if (auth == AuthenticationCode.Ok)
                    {
                        // ParameterStatus, BackendKeyData and ReadyForQuery follow; the backend pump
                        // handles them from the bytes still buffered.
                        await RelayBufferedAsync(backend, total, cancellationToken).ConfigureAwait(false);
                        return true;
                    }
                    if (auth == AuthenticationCode.Sasl)
                    {
                        await RelaySaslMechanismsAsync(backend, total, cancellationToken).ConfigureAwait(false);
                    }
                    else
                    {
                        await RelayBufferedAsync(backend, total, cancellationToken).ConfigureAwait(false);
                    }
                    if (auth != AuthenticationCode.SaslFinal && !await RelayClientAuthResponseAsync(auth, cancellationToken).ConfigureAwait(false))
                    {
                        return false;
                    }
                    break;
                case BackendCode.NegotiateProtocolVersion:
                    await RelayBufferedAsync(backend, total, cancellationToken).ConfigureAwait(false);
                    break;
                case BackendCode.ErrorResponse:
                    _authFailureState = ErrorResponseMessage.TryParse(body, out var failure) ? failure!.SqlState : null;
                    _context.Metrics.Error(ErrorKind.AuthFailed);
                    LogMessages.AuthenticationFailed(_context.Logger, Id, Facts?.Login ?? string.Empty);
                    await RelayBufferedAsync(backend, total, cancellationToken).ConfigureAwait(false);
                    return false;
                default:
                    throw new ProtocolViolationException($"unexpected message '{(char)code}' from the database server during authentication");
            }
        }
    }

    private async Task RelaySaslMechanismsAsync(WireReader backend, int total, CancellationToken cancellationToken)
    {
        if (!AuthenticationMessage.TryParseMechanisms(backend.Buffered[PgWire.HeaderLength..total], out var mechanisms))
        {
            throw new ProtocolViolationException("invalid SASL mechanism list from the database server");
        }
        if (_clientTls || _backendTls)
        {
            mechanisms.RemoveAll(m => m.EndsWith(ScramPlusSuffix, StringComparison.Ordinal));
            if (mechanisms.Count == 0)
            {
                throw new ProtocolViolationException("the database server offers only SASL mechanisms with channel binding, which cannot pass through a TLS-terminating proxy", SqlState.InvalidAuthorizationSpecification);
            }
        }
        backend.Consume(total);
        using var buffer = new PooledBuffer(128);
        AuthenticationMessage.WriteSasl(buffer, mechanisms);
        await WriteClientAsync(buffer.WrittenMemory, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads the client's answer to an authentication request and forwards it.</summary>
    private async Task<bool> RelayClientAuthResponseAsync(AuthenticationCode request, CancellationToken cancellationToken)
    {
        var total = await ReadWholeMessageAsync(_client, MaxAuthTokenLength, cancellationToken).ConfigureAwait(false);
        if (total < 0)
        {
            return false;
        }
        if (_client.Buffered[0] != (byte)FrontendCode.Password)
        {
            throw new ProtocolViolationException($"expected a password response, got message type '{(char)_client.Buffered[0]}'");
        }
        if (request == AuthenticationCode.Sasl)
        {
            if (!SaslInitialResponseMessage.TryParse(_client.Buffered[PgWire.HeaderLength..total], out var initial))
            {
                throw new ProtocolViolationException("malformed SASLInitialResponse message");
            }
            if (initial.Mechanism.EndsWith(ScramPlusSuffix, StringComparison.Ordinal))
            {
                throw new ProtocolViolationException("channel binding cannot pass through a TLS-terminating proxy; connect with channel_binding=disable or prefer", SqlState.InvalidAuthorizationSpecification);
            }
            // 'y' tells a server that does support channel binding that a downgrade happened; a TLS
            // backend rejects it (RFC 5802 §6), and the flag is covered by the client's proof, so
            // it cannot be changed here. Say why instead of relaying an opaque failure.
            if (_backendTls && initial.ChannelBindingFlag == 'y')
            {
                throw new ProtocolViolationException("SCRAM channel binding cannot pass through this proxy: the client announced channel-binding support, which a TLS backend connection rejects; connect with channel_binding=disable (libpq), or set backend_tls: disable for this listener (clients such as Npgsql always announce it)", SqlState.InvalidAuthorizationSpecification);
            }
        }
        await WriteBackendAsync(_client.BufferedMemory[..total], cancellationToken).ConfigureAwait(false);
        _client.Consume(total);
        return true;
    }

    private async Task RelayBufferedAsync(WireReader from, int total, CancellationToken cancellationToken)
    {
        await WriteClientAsync(from.BufferedMemory[..total], cancellationToken).ConfigureAwait(false);
        from.Consume(total);
    }

    /// <summary>
    /// Buffers one whole typed message; returns its total length (type byte included) or -1 at
    /// end of stream. The length is checked before anything is buffered.
    /// </summary>
    private static async ValueTask<int> ReadWholeMessageAsync(WireReader reader, int maxLength, CancellationToken cancellationToken)
    {
        if (!await reader.EnsureAsync(PgWire.HeaderLength, cancellationToken).ConfigureAwait(false))
        {
            return -1;
        }
        var length = PgWire.ReadInt32(reader.Buffered[1..]);
        if (length < 4 || length > maxLength)
        {
            throw new ProtocolViolationException($"invalid message length {length}");
        }
        if (!await reader.EnsureAsync(length + 1, cancellationToken).ConfigureAwait(false))
        {
            return -1;
        }
        return length + 1;
    }
}
