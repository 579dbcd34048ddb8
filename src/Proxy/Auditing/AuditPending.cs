namespace MaskingProxy.Proxy.Auditing;

/// <summary>
/// The records of one statement text on their way to disk. <see cref="Durable"/> completes when all of
/// them are durable (sync) or written (batch), and faults when the log could not take them.
/// </summary>
public sealed class AuditPending
{
    /// <summary>Nothing recorded (no audit configured).</summary>
    public static readonly AuditPending None = new(Task.CompletedTask, []);

    public AuditPending(Task durable, IReadOnlyList<Task<long>> sequenceNumbers)
    {
        Durable = durable;
        SequenceNumbers = sequenceNumbers;
    }

    public Task Durable { get; }

    /// <summary>Per statement of the text, the sequence number its record gets in the chain.</summary>
    public IReadOnlyList<Task<long>> SequenceNumbers { get; }
}
