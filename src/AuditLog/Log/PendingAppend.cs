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

    public PendingAppend(RequestKind kind, ByteBuffer? body = null, int split = 0)
    {
        Kind = kind;
        Body = body;
        Split = split;
    }

    public RequestKind Kind { get; }

    public ByteBuffer? Body { get; private set; }

    public int Split { get; }

    public long Seq { get; set; }

    public TaskCompletionSource<AuditTicket> Completion { get; private init; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>An append whose awaiters resume on the writer thread (see <see cref="AuditLogOptions.InlineCompletions"/>).</summary>
    public static PendingAppend Inline(RequestKind kind, ByteBuffer? body, int split) =>
        new(kind, body, split) { Completion = new TaskCompletionSource<AuditTicket>(TaskCreationOptions.None) };

    public void ReleaseBody()
    {
        Body?.Dispose();
        Body = null;
    }
}
