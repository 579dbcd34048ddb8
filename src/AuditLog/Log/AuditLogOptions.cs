namespace MaskingProxy.AuditLog.Log;

/// <summary>Configuration of an <see cref="AuditLogWriter"/>.</summary>
public sealed record AuditLogOptions
{
    /// <summary>The audit directory (created 0700 if missing). One writer per directory.</summary>
    public required string Directory { get; init; }

    public DurabilityMode Durability { get; init; } = DurabilityMode.Sync;

    /// <summary>Batch mode: longest time a completed append stays without fsync (the loss window).</summary>
    public TimeSpan BatchFlushInterval { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// Resume the awaiters of appends on the writer thread, right after their group commit, instead
    /// of queuing each to the thread pool. For callers whose continuations are short and never block
    /// (the proxy's sessions: they relay the held results and return to their event loop): it saves
    /// a thread-pool wake-up per record. Continuations delay the next group commit by their run time.
    /// </summary>
    public bool InlineCompletions { get; init; }

    /// <summary>Batch mode: how long queued appends gather before the writer takes them (one wake-up per interval, not per record).</summary>
    public TimeSpan BatchGatherInterval { get; init; } = TimeSpan.FromMilliseconds(2);

    /// <summary>
    /// Sync mode: the longest the writer waits for the rest of a convoy of appends before writing
    /// the first of them (see AuditLogWriter.Convoy.cs); it never waits longer than a write recently took.
    /// </summary>
    public TimeSpan SyncGatherLimit { get; init; } = TimeSpan.FromMicroseconds(250);

    /// <summary>Batch mode: fsync early once this many bytes are written but not yet synced.</summary>
    public int BatchFlushBytes { get; init; } = 8 * 1024 * 1024;

    /// <summary>A segment is closed (rotation checkpoint, new file) once it reaches this size; it may exceed it by one batch.</summary>
    public long SegmentMaxBytes { get; init; } = 64L * 1024 * 1024;

    public CheckpointPolicy Checkpoints { get; init; } = new();

    /// <summary>After a write failure: how often the writer retries (appends in between fail at once).</summary>
    public TimeSpan RetryInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Clock for timestamps and intervals.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>
    /// File-system seam (tests inject failures here). By default sync mode appends with O_DIRECT
    /// (each append is fsynced anyway, and the page cache only adds writeback work to the fsync)
    /// and batch mode through the page cache (its appends complete before any device write).
    /// </summary>
    internal IAuditFileSystem FileSystem
    {
        get => _fileSystem ?? (Durability == DurabilityMode.Sync ? PhysicalFileSystem.DirectAppends : PhysicalFileSystem.Instance);
        init => _fileSystem = value;
    }

    private readonly IAuditFileSystem? _fileSystem;
}
