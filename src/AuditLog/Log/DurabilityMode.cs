namespace MaskingProxy.AuditLog.Log;

/// <summary>When an append counts as done.</summary>
public enum DurabilityMode
{
    /// <summary>The append's task completes after its record is written and fsynced (group commit).</summary>
    Sync,

    /// <summary>
    /// The task completes once the record is written to the file (OS page cache); fsync follows
    /// within <see cref="AuditLogOptions.BatchFlushInterval"/> or after
    /// <see cref="AuditLogOptions.BatchFlushBytes"/>. A process crash loses nothing completed; a
    /// power loss or kernel crash can lose what was completed in the last interval.
    /// </summary>
    Batch,
}
