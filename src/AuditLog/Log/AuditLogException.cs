namespace MaskingProxy.AuditLog.Log;

/// <summary>Base of the audit log's own failures.</summary>
public class AuditLogException : Exception
{
    public AuditLogException()
    {
    }

    public AuditLogException(string message)
        : base(message)
    {
    }

    public AuditLogException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
