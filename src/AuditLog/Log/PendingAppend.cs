namespace MaskingProxy.AuditLog.Log;

/// <summary>
/// One request queued for the writer thread: a record body serialized on the caller's thread (its
/// bytes are queued next to it), or a control request (checkpoint, flush). Completed by the writer
/// thread after the group commit.
/// </summary>
internal sealed class PendingAppend
{
    public enum RequestKind
    {
        Append,
        Checkpoint,
        Flush,
    }

    /// <param name="split">Where EVENT ends in the body (see <see cref="Records.RecordSerializer.WriteBody"/>).</param>
    /// <param name="inlineCompletion">
    /// True: awaiters resume on the writer thread (see <see cref="AuditLogOptions.InlineCompletions"/>).
    /// Decided here so each request allocates exactly one completion source.
    /// </param>
    public PendingAppend(RequestKind kind, int split = 0, bool inlineCompletion = false)
    {
        Kind = kind;
        Split = split;
        Completion = new TaskCompletionSource<AuditTicket>(
            inlineCompletion ? TaskCreationOptions.None : TaskCreationOptions.RunContinuationsAsynchronously);
    }

    public RequestKind Kind { get; }

    /// <summary>Where the serialized body is in the queued bytes it was copied into (see <see cref="AuditLogWriter"/>'s queue).</summary>
    public int BodyStart { get; set; }

    public int BodyLength { get; set; }

    /// <summary>Where EVENT ends in the body; changes with the body (<see cref="AuditLogWriter.TryReplaceQueued"/>).</summary>
    public int Split { get; set; }

    /// <summary>The record's timestamp (an append's replacement keeps it).</summary>
    public DateTimeOffset Timestamp { get; init; }

    public long Seq { get; set; }

    public TaskCompletionSource<AuditTicket> Completion { get; }
}
