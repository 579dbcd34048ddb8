namespace MaskingProxy.AuditLog.Verify;

/// <summary>Options for <see cref="AuditVerifier"/>.</summary>
public sealed record VerifyOptions
{
    public TailPolicy TailPolicy { get; init; } = TailPolicy.Strict;

    /// <summary>
    /// Whether a writer is running on the directory. Null (default): probe the directory lock.
    /// Set it when verifying a copy of a live directory (true) or to ignore a running writer (false).
    /// </summary>
    public bool? WriterRunning { get; init; }

    /// <summary>Worker threads hashing records (default: processor count).</summary>
    public int Parallelism { get; init; } = Environment.ProcessorCount;
}
