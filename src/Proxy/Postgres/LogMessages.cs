using Microsoft.Extensions.Logging;

namespace MaskingProxy.Proxy.Postgres;

/// <summary>
/// Source-generated log events of PostgreSQL sessions. Statement texts and values are never
/// logged: they may carry personal data (audit records hold the normalized form instead).
/// </summary>
internal static partial class LogMessages
{
    [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "Session {SessionId} started on {Listener}: login {Login}, database {Database}, client {Client}, client TLS {ClientTls}, backend TLS {BackendTls}")]
    public static partial void SessionStarted(ILogger logger, int sessionId, string listener, string login, string database, string? client, bool clientTls, bool backendTls);

    [LoggerMessage(EventId = 101, Level = LogLevel.Debug, Message = "Session {SessionId} ended")]
    public static partial void SessionEnded(ILogger logger, int sessionId);

    [LoggerMessage(EventId = 102, Level = LogLevel.Error, Message = "Session {SessionId} failed")]
    public static partial void SessionFailed(ILogger logger, int sessionId, Exception exception);

    [LoggerMessage(EventId = 110, Level = LogLevel.Warning, Message = "Session {SessionId}: protocol violation: {Reason}")]
    public static partial void ProtocolViolation(ILogger logger, int sessionId, string reason);

    [LoggerMessage(EventId = 111, Level = LogLevel.Warning, Message = "Session {SessionId}: client TLS handshake failed: {Reason}")]
    public static partial void ClientTlsFailed(ILogger logger, int sessionId, string reason);

    [LoggerMessage(EventId = 120, Level = LogLevel.Warning, Message = "Session {SessionId}: {Reason}")]
    public static partial void BackendFailed(ILogger logger, int sessionId, string reason);

    [LoggerMessage(EventId = 121, Level = LogLevel.Information, Message = "Session {SessionId}: authentication failed for login {Login}")]
    public static partial void AuthenticationFailed(ILogger logger, int sessionId, string login);

    [LoggerMessage(EventId = 122, Level = LogLevel.Debug, Message = "Session {SessionId}: cancel request forwarded")]
    public static partial void CancelForwarded(ILogger logger, int sessionId);

    [LoggerMessage(EventId = 130, Level = LogLevel.Information, Message = "Session {SessionId}: statement denied for login {Login}: {Reason}")]
    public static partial void StatementDenied(ILogger logger, int sessionId, string login, string reason);

    [LoggerMessage(EventId = 131, Level = LogLevel.Error, Message = "Session {SessionId}: statement check failed; statement denied")]
    public static partial void InterceptorFailed(ILogger logger, int sessionId, Exception exception);

    [LoggerMessage(EventId = 140, Level = LogLevel.Information, Message = "Listener {Listener} accepting on {Address} for backend {Backend}")]
    public static partial void ListenerStarted(ILogger logger, string listener, string address, string backend);

    [LoggerMessage(EventId = 141, Level = LogLevel.Error, Message = "Listener {Listener}: accept failed")]
    public static partial void AcceptFailed(ILogger logger, string listener, Exception exception);
}
