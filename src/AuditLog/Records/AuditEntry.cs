namespace MaskingProxy.AuditLog.Records;

/// <summary>A stored record as read back: its chain position and integrity fields plus the typed record.</summary>
public sealed class AuditEntry
{
    public required string ChainId { get; init; }

    public required long Seq { get; init; }

    public required string Hash { get; init; }

    public required string Mac { get; init; }

    /// <summary>Checkpoint signature (hex DER), for checkpoints only.</summary>
    public string? Signature { get; init; }

    public required AuditRecord Record { get; init; }

    /// <summary>The stored line without its line feed, exactly as on disk.</summary>
    public required string Line { get; init; }

    /// <summary>Segment file the entry came from, when read from a directory.</summary>
    public string? Segment { get; init; }

    public DateTimeOffset Timestamp => Record.Timestamp;

    public string Type => Record.Type;
}
