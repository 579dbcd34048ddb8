using MaskingProxy.AuditLog.Records;

namespace MaskingProxy.AuditLog.Log;

/// <summary>
/// One request queued for the writer thread: a record body serialized on the caller's thread, or
/// a control request (checkpoint, flush). Completed by the writer thread after the group commit.
/// </summary>
internal sealed class PendingAppend
{
    public enum RequestKind
    {
        Append,
        Checkpoint,
        Flush,
    }

    /// <param name="inlineCompletion">
    /// True: awaiters resume on the writer thread (see <see cref="AuditLogOptions.InlineCompletions"/>).
    /// Decided here so each request allocates exactly one completion source.
    /// </param>
    public PendingAppend(RequestKind kind, ByteBuffer? body = null, int split = 0, bool inlineCompletion = false)
    {
        Kind = kind;
        Body = body;
        Split = split;
        Completion = new TaskCompletionSource<AuditTicket>(
            inlineCompletion ? TaskCreationOptions.None : TaskCreationOptions.RunContinuationsAsynchronously);
    }

    public RequestKind Kind { get; }

    public ByteBuffer? Body { get; private set; }

    public int Split { get; private set; }

    /// <summary>The record's timestamp (an append's replacement keeps it).</summary>
    public DateTimeOffset Timestamp { get; init; }

    public long Seq { get; set; }

    public TaskCompletionSource<AuditTicket> Completion { get; }

    /// <summary>Swaps in another serialized record (<see cref="AuditLogWriter.TryReplaceQueued"/>) before the writer takes this one.</summary>
    public void ReplaceBody(ByteBuffer body, int split)
    {
        Body?.Dispose();
        Body = body;
        Split = split;
    }

    public void ReleaseBody()
    {
        Body?.Dispose();
        Body = null;
    }
}
