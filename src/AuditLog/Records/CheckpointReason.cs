namespace MaskingProxy.AuditLog.Records;

/// <summary>Why a checkpoint was written. Wire: "count", "interval", "rotation", "shutdown", "manual".</summary>
public enum CheckpointReason
{
    Count,
    Interval,
    Rotation,
    Shutdown,
    Manual,
}
