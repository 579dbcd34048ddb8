namespace MaskingProxy.AuditLog.Records;

/// <summary>
/// The envelope of one stored line as the verifier and the writer's start-up scan need it,
/// parsed without allocating: ranges point into the line bytes.
/// </summary>
internal struct SealedLine
{
    /// <summary>Canonical bytes are <c>line[..CanonicalLength]</c> followed by <c>}</c>.</summary>
    public int CanonicalLength;
    public long Seq;
    public Range Chain;
    public Range Type;
    public Range Sig;
    public bool HasSig;
    public LineKind Kind;
    public Bytes32 Hash;
    public Bytes32 Mac;

    // Checkpoint members.
    public long HeadSeq;
    public Bytes32 HeadHash;
    public Range KeyId;
    public CheckpointReason CheckpointReason;

    // Segment members.
    public long SegmentNumber;
    public Bytes32 SegmentPrevHash;

    public readonly bool IsShutdownCheckpoint => Kind == LineKind.Checkpoint && CheckpointReason == CheckpointReason.Shutdown;
}
