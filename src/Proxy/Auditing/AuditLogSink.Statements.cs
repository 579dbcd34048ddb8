using MaskingProxy.AuditLog.Log;
using MaskingProxy.AuditLog.Records;
using MaskingProxy.Proxy.Interception;
using MaskingProxy.Proxy.Sessions;
using MaskingProxy.SqlRewriter.Rewriting;

namespace MaskingProxy.Proxy.Auditing;

/// <summary>Statement and statement-outcome records: the per-statement hot path.</summary>
public sealed partial class AuditLogSink
{
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
            return new AuditPending(failed, new StatementTickets([failed]));
        }
    }

    public void Outcome(SessionFacts facts, AuditPending pending, int statementIndex, StatementCompletion completion)
    {
        if (pending.SequenceNumbers is not StatementTickets tickets || (uint)statementIndex >= (uint)tickets.Count)
        {
            return; // not recorded by this sink (AuditPending.None): nothing to refer to
        }

        var outcome = new StatementOutcome
        {
            Status = completion.Success ? OutcomeStatus.Success : OutcomeStatus.Error,
            SqlState = completion.SqlState,
            Rows = completion.Rows,
            DurationMicros = completion.Duration.Ticks / TimeSpan.TicksPerMicrosecond,
        };
        DrainWaitingOutcomes();
        var statement = tickets.Ticket(statementIndex);
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
        var analysis = decision.Analysis;
        var denied = decision.Verdict == StatementVerdict.Deny;
        var shared = new SharedFields(
            Subjects.Of(facts),
            facts,
            denied ? Verdict.Deny : decision.Masked ? Verdict.Masked : Verdict.Allow,
            denied ? decision.Reason : WaivedChecks(analysis),
            RenderObjects(analysis),
            analysis is null ? [] : analysis.RuleIds,
            decision.PolicyVersion,
            denied ? new StatementOutcome { Status = OutcomeStatus.Error, SqlState = decision.DenySqlState } : null);

        var statements = analysis?.Statements;
        Task<AuditTicket>[] tickets;
        if (statements is null || statements.Count == 0)
        {
            // No policy, or text the parser refused: one record for the whole text.
            tickets = [Append(NewRecord(originalText, null, StatementText.FirstKeyword(originalText), in shared))];
        }
        else
        {
            tickets = new Task<AuditTicket>[statements.Count];
            for (var i = 0; i < tickets.Length; i++)
            {
                var summary = statements[i];
                // A single statement decided through its literal template normalizes by the template:
                // texts that differ only in constants then share one normalizer cache entry.
                var template = tickets.Length == 1 ? decision.TemplateText : null;
                var own = tickets.Length > 1 ? OwnFields(in shared, analysis!, i) : shared;
                tickets[i] = Append(NewRecord(StatementText.Slice(originalText, summary.Start, summary.Length), template, summary.Kind, in own));
            }
        }

        return new AuditPending(tickets.Length == 1 ? tickets[0] : Task.WhenAll(tickets), new StatementTickets(tickets));
    }

    private StatementRecord NewRecord(string original, string? template, string action, in SharedFields shared) => new()
    {
        Subject = shared.Subject,
        Database = shared.Facts.Database,
        Protocol = shared.Facts.Protocol,
        Action = action,
        Objects = shared.Objects,
        Statement = Normalize(template ?? original),
        StatementSm3 = StatementRecord.HashOriginal(original),
        Verdict = shared.Verdict,
        RuleIds = shared.RuleIds,
        Reason = shared.Reason,
        PolicyVersion = shared.PolicyVersion,
        Outcome = shared.Outcome,
    };

    private string Normalize(string original)
    {
        try
        {
            return _normalize(original);
        }
        catch (Exception)
        {
            // Unparseable text may hold anything, literals included, and so may the parser's message.
            return StatementText.Withheld;
        }
    }

    private void AppendOutcome(SessionFacts facts, long statementSeq, StatementOutcome outcome)
        => Append(new StatementOutcomeRecord { StatementSeq = statementSeq, Subject = Subjects.Of(facts), Outcome = outcome });

    /// <summary>The objects of the whole text (see <see cref="OwnFields"/> for one statement's).</summary>
    private static IReadOnlyList<string> RenderObjects(RewriteResult? analysis) => RenderObjects(analysis?.Objects);

    private static IReadOnlyList<string> RenderObjects(IReadOnlyList<ObjectReference>? objects)
    {
        if (objects is null || objects.Count == 0)
        {
            return [];
        }

        var names = new string[objects.Count];
        for (var i = 0; i < names.Length; i++)
        {
            names[i] = objects[i].ToString();
        }

        return names;
    }

    /// <summary>
    /// One statement of a multi-statement text carries its own objects and rules when the rewriter
    /// reported them per statement (a denial keeps the text's: the denying rule applies to all).
    /// </summary>
    private static SharedFields OwnFields(in SharedFields shared, RewriteResult analysis, int index)
    {
        var objects = analysis.StatementObjects;
        var rules = analysis.StatementRuleIds;
        return shared with
        {
            Objects = objects.Count > index ? RenderObjects(objects[index]) : shared.Objects,
            RuleIds = shared.Outcome is null && rules.Count > index ? rules[index] : shared.RuleIds,
        };
    }

    /// <summary>Checks the policy waived (<c>unparseable: allow</c>…): the auditor must see that the statement ran unchecked.</summary>
    private static string? WaivedChecks(RewriteResult? analysis)
    {
        var warnings = analysis?.Warnings;
        return warnings is null || warnings.Count == 0 ? null
            : warnings.Count == 1 ? warnings[0]
            : string.Join("; ", warnings);
    }

    /// <summary>What every record of one statement text has in common.</summary>
    private readonly record struct SharedFields(
        Subject Subject,
        SessionFacts Facts,
        Verdict Verdict,
        string? Reason,
        IReadOnlyList<string> Objects,
        IReadOnlyList<string> RuleIds,
        string? PolicyVersion,
        StatementOutcome? Outcome);
}
