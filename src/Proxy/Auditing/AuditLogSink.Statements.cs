using System.Runtime.CompilerServices;
using MaskingProxy.AuditLog.Log;
using MaskingProxy.AuditLog.Records;
using MaskingProxy.Proxy.Interception;
using MaskingProxy.Proxy.Sessions;

namespace MaskingProxy.Proxy.Auditing;

/// <summary>Statement and statement-outcome records: the per-statement hot path.</summary>
public sealed partial class AuditLogSink
{
    /// <summary>Each session's statement records, for its texts recorded again; weakly, so they go with their sessions.</summary>
    private readonly ConditionalWeakTable<SessionFacts, SessionStatements> _sessions = new();

    public AuditPending Statement(SessionFacts facts, string originalText, StatementDecision decision)
    {
        try
        {
            return StatementCore(facts, originalText, decision);
        }
        catch (Exception ex)
        {
            // The contract: never throw, fail the durability instead, so the session refuses the statement.
            Interlocked.Increment(ref _appendFailures);
            var failed = Task.FromException<AuditTicket>(new AuditLogUnavailableException("The statement could not be recorded: " + ex.Message, ex));
            return new AuditPending(failed, [failed], []);
        }
    }

    public void Outcome(SessionFacts facts, AuditPending pending, int statementIndex, StatementCompletion completion)
    {
        var tickets = pending.Tickets;
        if ((uint)statementIndex >= (uint)tickets.Length)
        {
            return; // nothing recorded (AuditPending.None): nothing to refer to
        }

        var outcome = new StatementOutcome
        {
            Status = completion.Success ? OutcomeStatus.Success : OutcomeStatus.Error,
            SqlState = completion.SqlState,
            Rows = completion.Rows,
            DurationMicros = completion.Duration.Ticks / TimeSpan.TicksPerMicrosecond,
        };
        DrainWaitingOutcomes();
        var statement = tickets[statementIndex];
        if (!statement.IsCompleted && (uint)statementIndex < (uint)pending.Records.Length
            && _writer.TryReplaceQueued(statement, pending.Records[statementIndex].WithOutcome(outcome)))
        {
            // Finished before its record was written (a read whose result came during the previous
            // group commit; batch mode's gather interval): one record with the outcome instead of two.
            Interlocked.Increment(ref _outcomesFolded);
            return;
        }

        if (statement.IsCompletedSuccessfully && _waitingOutcomes.IsEmpty)
        {
            AppendOutcome(facts, statement.Result.Seq, outcome);
        }
        else if (!statement.IsFaulted)
        {
            // The statement has no sequence number yet (batch mode, or a read that finished while its
            // record was flushed): the outcome follows once it has, and always after it in the chain.
            WaitForTicket(facts, statement, outcome);
        }

        // A faulted statement record means the statement never ran: there is no record to refer to.
    }

    private AuditPending StatementCore(SessionFacts facts, string originalText, StatementDecision decision)
    {
        DrainWaitingOutcomes();
        var records = _sessions.GetOrCreateValue(facts).RecordsOf(facts, originalText, decision, _normalize);
        var tickets = new Task<AuditTicket>[records.Length];
        for (var i = 0; i < tickets.Length; i++)
        {
            tickets[i] = Append(records[i]);
        }

        return new AuditPending(tickets.Length == 1 ? tickets[0] : Task.WhenAll(tickets), tickets, records);
    }

    private void AppendOutcome(SessionFacts facts, long statementSeq, StatementOutcome outcome)
        => Append(new StatementOutcomeRecord { StatementSeq = statementSeq, Subject = Subjects.Of(facts), Outcome = outcome });
}
