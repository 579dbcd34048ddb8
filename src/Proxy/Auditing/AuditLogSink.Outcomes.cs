using System.Collections.Concurrent;
using MaskingProxy.AuditLog.Log;
using MaskingProxy.AuditLog.Records;
using MaskingProxy.Proxy.Sessions;

namespace MaskingProxy.Proxy.Auditing;

/// <summary>
/// Outcomes whose statement record has no sequence number yet (batch mode, or a read that finished
/// while its record was still being flushed). They wait in one queue and are appended once their
/// statement's ticket completes — on the next statement or outcome any session reports, or on a
/// short timer — instead of an async continuation per outcome, which costs a thread-pool work item
/// per record.
/// </summary>
public sealed partial class AuditLogSink
{
    private static readonly TimeSpan WaitingOutcomeSweep = TimeSpan.FromMilliseconds(20);

    private readonly ConcurrentQueue<WaitingOutcome> _waitingOutcomes = new();
    private readonly Lock _drainGate = new();
    private Timer? _sweeper;

    private void WaitForTicket(SessionFacts facts, Task<AuditTicket> statement, StatementOutcome outcome)
    {
        _waitingOutcomes.Enqueue(new WaitingOutcome(facts, statement, outcome));
        if (_sweeper is null)
        {
            var timer = new Timer(static state => ((AuditLogSink)state!).DrainWaitingOutcomes(), this, WaitingOutcomeSweep, WaitingOutcomeSweep);
            if (Interlocked.CompareExchange(ref _sweeper, timer, null) is not null)
            {
                timer.Dispose();
            }
        }
    }

    /// <summary>Appends the waiting outcomes whose statements got their sequence numbers, in queue order.</summary>
    private void DrainWaitingOutcomes()
    {
        if (_waitingOutcomes.IsEmpty || !_drainGate.TryEnter())
        {
            return;
        }
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
        if (Interlocked.Exchange(ref _sweeper, null) is { } timer)
        {
            await timer.DisposeAsync().ConfigureAwait(false);
        }
    }

    private readonly record struct WaitingOutcome(SessionFacts Facts, Task<AuditTicket> Statement, StatementOutcome Outcome);
}
