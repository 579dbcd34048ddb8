using MaskingProxy.AuditLog.Log;
using MaskingProxy.AuditLog.Records;

namespace MaskingProxy.Proxy.Auditing;

/// <summary>
/// The records of one statement text on their way to disk. <see cref="Durable"/> completes when all of
/// them are durable (sync) or written (batch), and faults when the log could not take them.
/// </summary>
public sealed class AuditPending
{
    /// <summary>Nothing recorded (no audit configured).</summary>
    public static readonly AuditPending None = new(Task.CompletedTask, [], []);

    internal AuditPending(Task durable, Task<AuditTicket>[] tickets, StatementRecord[] records)
    {
        Durable = durable;
        Tickets = tickets;
        Records = records;
    }

    public Task Durable { get; }

    /// <summary>Per statement of the text, the writer's ticket for its record: the sequence number its outcome refers to.</summary>
    internal Task<AuditTicket>[] Tickets { get; }

    /// <summary>The records behind <see cref="Tickets"/> (empty when the statement could not be recorded).</summary>
    internal StatementRecord[] Records { get; }
}
