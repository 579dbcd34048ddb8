namespace MaskingProxy.AuditLog.Log;

/// <summary>The chain head found by <see cref="StartupScan"/> and what must be written before appending.</summary>
internal sealed class StartupState
{
    public required bool NewChain { get; init; }

    public required string ChainId { get; init; }

    public required long NextSeq { get; init; }

    public required byte[] LastHash { get; init; }

    public required long SegmentNumber { get; init; }

    public required string SegmentPath { get; init; }

    /// <summary>Length of the segment after any torn tail was cut.</summary>
    public required long SegmentLength { get; init; }

    /// <summary>The segment is empty: its segment record must be written first.</summary>
    public required bool NeedsSegmentRecord { get; init; }

    public string? PreviousSegmentName { get; init; }

    public required bool PreviousRunClean { get; init; }

    public long RecordsSinceCheckpoint { get; init; }

    public long TornOffset { get; init; }

    public long TornBytes { get; init; }

    public string? TornSm3 { get; init; }

    public string? TornDetail { get; init; }
}
