namespace MaskingProxy.Proxy.Auditing;

/// <summary>
/// The audit log cannot be opened or written at start (directory held by another proxy, damaged
/// chain, missing keys, unwritable directory, bad Elasticsearch settings). The proxy must not
/// serve unaudited: the run command prints <see cref="Exception.Message"/> and exits non-zero.
/// </summary>
public sealed class AuditStartupException : Exception
{
    public AuditStartupException()
    {
    }

    public AuditStartupException(string message)
        : base(message)
    {
    }

    public AuditStartupException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
