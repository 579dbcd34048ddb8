namespace MaskingProxy.AuditLog.Records;

/// <summary>What a recovery record reports. Wire: "torn_tail", "unclean_shutdown", "write_failure".</summary>
public enum RecoveryKind
{
    TornTail,
    UncleanShutdown,
    WriteFailure,
}
