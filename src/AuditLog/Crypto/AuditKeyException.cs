namespace MaskingProxy.AuditLog.Crypto;

/// <summary>A key file or key text is missing, malformed, of the wrong curve, or unreadable.</summary>
public sealed class AuditKeyException : Exception
{
    public AuditKeyException()
    {
    }

    public AuditKeyException(string message)
        : base(message)
    {
    }

    public AuditKeyException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
