namespace MaskingProxy.AuditLog.Log;

/// <summary>Another writer (this or another process) holds the audit directory's lock file.</summary>
public sealed class AuditLogLockedException : AuditLogException
{
    public AuditLogLockedException()
    {
    }

    public AuditLogLockedException(string message)
        : base(message)
    {
    }

    public AuditLogLockedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
