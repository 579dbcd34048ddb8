namespace MaskingProxy.AuditLog.Log;

/// <summary>
/// The record could not be made durable (disk full, I/O or fsync error, permission, writer closed).
/// The statement must not run: the proxy answers SQLSTATE <see cref="SqlState"/> (58030,
/// io_error). The writer keeps retrying in the background and appends succeed again once it can
/// write; <see cref="AuditLogWriter.IsHealthy"/> tells which state it is in.
/// </summary>
public sealed class AuditLogUnavailableException : AuditLogException
{
    /// <summary>SQLSTATE the proxy reports for a refused statement.</summary>
    public const string SqlState = "58030";

    public AuditLogUnavailableException()
    {
    }

    public AuditLogUnavailableException(string message)
        : base(message)
    {
    }

    public AuditLogUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
