using MaskingProxy.Proxy.Postgres.Protocol;

namespace MaskingProxy.Proxy.Postgres;

/// <summary>
/// Bad input on one connection. The session answers with a FATAL ErrorResponse carrying
/// <see cref="SqlState"/> and closes that connection only.
/// </summary>
public sealed class ProtocolViolationException : Exception
{
    public ProtocolViolationException(string message, string sqlState = Protocol.SqlState.ProtocolViolation)
        : base(message) => SqlState = sqlState;

    public ProtocolViolationException()
        : this("protocol violation")
    {
    }

    public ProtocolViolationException(string message, Exception innerException)
        : base(message, innerException) => SqlState = Protocol.SqlState.ProtocolViolation;

    public string SqlState { get; }
}
