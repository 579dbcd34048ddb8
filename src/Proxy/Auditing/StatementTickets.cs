using System.Collections;
using MaskingProxy.AuditLog.Log;

namespace MaskingProxy.Proxy.Auditing;

/// <summary>
/// <see cref="AuditPending.SequenceNumbers"/> of an <see cref="AuditLogSink"/>: the writer's tickets,
/// one per statement. The <c>Task&lt;long&gt;</c> views are made only when someone asks, because
/// the sink itself reads the tickets (<see cref="Ticket"/>) and most sessions never ask.
/// </summary>
internal sealed class StatementTickets : IReadOnlyList<Task<long>>
{
    private readonly Task<AuditTicket>[] _tickets;
    private Task<long>?[]? _seqs;

    public StatementTickets(Task<AuditTicket>[] tickets) => _tickets = tickets;

    public int Count => _tickets.Length;

    public Task<long> this[int index]
    {
        get
        {
            var seqs = _seqs ?? Interlocked.CompareExchange(ref _seqs, new Task<long>?[_tickets.Length], null) ?? _seqs;
            return seqs[index] ??= SeqOf(_tickets[index]);
        }
    }

    public Task<AuditTicket> Ticket(int index) => _tickets[index];

    public IEnumerator<Task<long>> GetEnumerator()
    {
        for (var i = 0; i < _tickets.Length; i++)
        {
            yield return this[i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private static Task<long> SeqOf(Task<AuditTicket> ticket)
        => ticket.IsCompletedSuccessfully ? Task.FromResult(ticket.Result.Seq) : AwaitSeqAsync(ticket);

    // Awaiting (rather than ContinueWith + Result) faults the view with the writer's own
    // AuditLogUnavailableException instead of an AggregateException around it.
    private static async Task<long> AwaitSeqAsync(Task<AuditTicket> ticket) => (await ticket.ConfigureAwait(false)).Seq;
}
