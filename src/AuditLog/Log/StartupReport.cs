namespace MaskingProxy.AuditLog.Log;

/// <summary>What <see cref="AuditLogWriter.Open"/> found and did.</summary>
public sealed record StartupReport
{
    public required string ChainId { get; init; }

    /// <summary>True when the directory had no chain and a new one was started.</summary>
    public required bool NewChain { get; init; }

    /// <summary>Segment the writer appends to.</summary>
    public required string Segment { get; init; }

    /// <summary>Sequence number of the last record before this run's first append.</summary>
    public required long LastSeq { get; init; }

    /// <summary>False when the previous run did not end with a shutdown checkpoint (a recovery record was written).</summary>
    public required bool PreviousRunClean { get; init; }

    /// <summary>Bytes of a torn last line that were cut (0 when none).</summary>
    public long TornBytesCut { get; init; }

    /// <summary>Offset in <see cref="Segment"/> where the torn line began.</summary>
    public long? TornOffset { get; init; }
}
