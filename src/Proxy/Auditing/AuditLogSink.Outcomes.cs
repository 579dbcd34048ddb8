using System.Collections.Concurrent;
using MaskingProxy.AuditLog.Log;
using MaskingProxy.AuditLog.Records;
using MaskingProxy.Proxy.Sessions;

namespace MaskingProxy.Proxy.Auditing;

/// <summary>
/// Outcomes whose statement record has no sequence number yet (its record was being written when the
/// statement finished, so it could not take the outcome itself). They wait in one queue and are
/// appended once their statement's ticket completes: on the writer thread right after each group
/// commit (<see cref="AuditLogWriter.BatchCompleted"/>, the only place tickets complete), and on the
/// next statement or outcome any session reports. Not an async continuation per outcome, which costs
/// a thread-pool work item per record, nor a timer, whose wake-ups kept thread-pool workers spinning
/// (about a sixth of the proxy's CPU under durability: sync).
/// </summary>
public sealed partial class AuditLogSink
{
    private readonly ConcurrentQueue<WaitingOutcome> _waitingOutcomes = new();
    private readonly Lock _drainGate = new();

    private void WaitForTicket(SessionFacts facts, Task<AuditTicket> statement, StatementOutcome outcome)
        => _waitingOutcomes.Enqueue(new WaitingOutcome(facts, statement, outcome));

    /// <summary>Appends the waiting outcomes whose statements got their sequence numbers, in queue order.</summary>
    private void DrainWaitingOutcomes()
    {
        // Whoever holds the gate looks again after leaving it: a caller turned away meanwhile (the
        // writer thread right after completing a ticket) must not leave a ready outcome behind.
        while (!_waitingOutcomes.IsEmpty && _drainGate.TryEnter())
        {
            try
            {
                while (_waitingOutcomes.TryPeek(out var waiting) && waiting.Statement.IsCompleted)
                {
                    _waitingOutcomes.TryDequeue(out _);
                    // A failed statement record means the statement never ran: nothing to refer to.
                    if (waiting.Statement.IsCompletedSuccessfully)
                    {
                        AppendOutcome(waiting.Facts, waiting.Statement.Result.Seq, waiting.Outcome);
                    }
                }
            }
            finally
            {
                _drainGate.Exit();
            }

            if (!_waitingOutcomes.TryPeek(out var next) || !next.Statement.IsCompleted)
            {
                return;
            }
        }
    }

    /// <summary>Before the log closes: wait for the statements still in flight and append their outcomes.</summary>
    internal async Task FlushWaitingOutcomesAsync()
    {
        foreach (var waiting in _waitingOutcomes.ToArray())
        {
            try
            {
                await waiting.Statement.ConfigureAwait(false);
            }
            catch (AuditLogException)
            {
                // Its statement was refused; the drain skips it.
            }
        }
        DrainWaitingOutcomes();
    }

    private readonly record struct WaitingOutcome(SessionFacts Facts, Task<AuditTicket> Statement, StatementOutcome Outcome);
}
