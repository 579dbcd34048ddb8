namespace MaskingProxy.AuditLog.Verify;

/// <summary>What <see cref="AuditVerifier"/> or <see cref="IndexVerifier"/> found.</summary>
public sealed record VerifyResult
{
    public required VerifyOutcome Outcome { get; init; }

    /// <summary>Records that passed every check.</summary>
    public long RecordsChecked { get; init; }

    public int Chains { get; init; }

    /// <summary>Checkpoints whose SM2 signature was verified (0 without a public key).</summary>
    public int CheckpointsChecked { get; init; }

    public int Segments { get; init; }

    /// <summary>True when an HMAC key was given and every MAC was checked.</summary>
    public bool MacsChecked { get; init; }

    /// <summary>True when a public key was given and every checkpoint signature was checked.</summary>
    public bool SignaturesChecked { get; init; }

    public TailState Tail { get; init; }

    /// <summary>Records after the last checkpoint (covered by hash and MAC, not yet by a signature).</summary>
    public long UnsignedTailRecords { get; init; }

    /// <summary>Chain id of the last chain (or of the broken one).</summary>
    public string? ChainId { get; init; }

    /// <summary>Sequence number of the last good record.</summary>
    public long LastSeq { get; init; }

    public VerifyFailure Failure { get; init; }

    /// <summary>The first sequence number that is bad or missing, when broken.</summary>
    public long? FirstBadSeq { get; init; }

    /// <summary>Segment file and byte offset of the problem, when broken.</summary>
    public string? Segment { get; init; }

    public long? Offset { get; init; }

    /// <summary>Elasticsearch document id (<c>chain:seq</c>) of the problem, when an index was verified.</summary>
    public string? Document { get; init; }

    /// <summary>Human-readable explanation (also for <see cref="VerifyOutcome.Unusable"/>).</summary>
    public string? Message { get; init; }
}
