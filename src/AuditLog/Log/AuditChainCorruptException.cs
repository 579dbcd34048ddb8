namespace MaskingProxy.AuditLog.Log;

/// <summary>
/// At start-up the writer found the existing chain damaged somewhere other than a torn last line
/// (a record that fails its hash, MAC, signature, sequence or segment check). It refuses to append
/// to that chain. Operator action (docs/audit-format.md): run <c>audit verify</c> to see the damage,
/// preserve the directory as evidence (move it away), and start the proxy on an empty directory,
/// which begins a new chain.
/// </summary>
public sealed class AuditChainCorruptException : AuditLogException
{
    public AuditChainCorruptException()
    {
    }

    public AuditChainCorruptException(string message)
        : base(message)
    {
    }

    public AuditChainCorruptException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Segment file where the damage was found.</summary>
    public string? Segment { get; init; }

    /// <summary>Sequence number of the first bad record, when known.</summary>
    public long? Seq { get; init; }
}
