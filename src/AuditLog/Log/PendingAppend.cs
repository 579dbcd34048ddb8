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

    public TaskCompletionSource<AuditTicket> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void ReleaseBody()
    {
        Body?.Dispose();
        Body = null;
    }
}
