namespace MaskingProxy.AuditLog.Records;

/// <summary>Record types the writer and verifier treat specially.</summary>
internal enum LineKind
{
    Other,
    Checkpoint,
    Segment,
    Recovery,
}
