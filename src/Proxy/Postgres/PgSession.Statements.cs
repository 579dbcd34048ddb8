using System.Runtime.CompilerServices;
using MaskingProxy.Proxy.Auditing;
using MaskingProxy.Proxy.Interception;
using MaskingProxy.Proxy.Postgres.Messages;
using MaskingProxy.Proxy.Postgres.Protocol;
using MaskingProxy.Proxy.Transport;
using MaskingProxy.SqlRewriter.Rewriting;

namespace MaskingProxy.Proxy.Postgres;

public sealed partial class PgSession
{
    private const string AuditDownReason = "the audit log cannot be written; statements are refused until it recovers";

    private const string ReservedNameReason = "statement names starting with " + BackendStatements.Prefix + " are reserved for the proxy";

    /// <summary>
    /// Simple Query of a tracked session (see <see cref="ForwardUntracked"/> for the others): decide
    /// the whole text, record it, and — for anything but a plain read — wait until the record is
    /// durable before the text reaches the database (SPEC §6).
    /// </summary>
    private async ValueTask HandleQueryAsync(ForwardPlan plan, int offset, int total, string text, CancellationToken token)
    {
        var group = _syncsSent + 1;
        var decision = Guard(await DecideAsync(text, StatementSource.SimpleQuery, null, token).ConfigureAwait(false), group);
        if (decision.Verdict != StatementVerdict.Deny)
        {
            var audit = await RecordAsync(text, decision).ConfigureAwait(false);
            if (audit is not null)
            {
                Dispatch(group, decision, audit);
                if (decision.Verdict == StatementVerdict.Forward)
                {
                    plan.Pass(offset, total);
                }
                else if (decision.Parameterized is not { } prepared || !TryWritePrepared(plan, prepared, group))
                {
                    QueryMessage.Write(plan.Replace(), decision.Text!);
                }
                return;
            }
            decision = AuditDown(decision);
        }
        RecordDenial(text, decision);
        QueryMessage.Write(plan.Replace(), IssueDenial(decision.Reason, decision.DenySqlState));
    }

    /// <summary>
    /// Parse of a tracked session: decide now (the rewritten text is what the server prepares); the
    /// audit record is written per execution, at Execute, where the session knows the statement
    /// really runs.
    /// </summary>
    private async ValueTask HandleParseAsync(ForwardPlan plan, int offset, int total, ParseMessage parse, CancellationToken token)
    {
        if (RefusedReservedName(plan, TargetKind.Statement, parse.StatementName))
        {
            // Unlike the other messages naming a statement, a Parse carries a text: it is recorded.
            RecordDenial(parse.Query, StatementDecision.Deny(ReservedNameReason));
            return;
        }
        var decision = await DecideAsync(parse.Query, StatementSource.Parse, parse.StatementName, token).ConfigureAwait(false);
        if (decision.Verdict != StatementVerdict.Deny && _auditing && !_context.Audit.IsAvailable)
        {
            decision = AuditDown(decision);
        }
        var group = _syncsSent + 1;
        string? backendName = null;
        switch (decision.Verdict)
        {
            case StatementVerdict.Forward:
                plan.Pass(offset, total);
                break;
            case StatementVerdict.Rewrite:
                backendName = WriteRewrittenParse(plan, parse, decision, group);
                break;
            default:
                RecordDenial(parse.Query, decision);
                // Parameter types are dropped: the marker fails before they matter.
                new ParseMessage(parse.StatementName, IssueDenial(decision.Reason, decision.DenySqlState), []).Write(plan.Replace());
                break;
        }
        _preparedStatements[parse.StatementName] = new PreparedStatement(parse.Query, decision, group) { BackendName = backendName };
    }

    /// <summary>
    /// Sends a rewritten Parse. The unnamed statement of a masked text is kept on the server under
    /// a name of the proxy's (<see cref="BackendStatements"/>): the first Parse creates it, later
    /// ones send an empty Parse (which answers ParseComplete like the client's would) and the Bind
    /// names the kept statement. Statements with hash masks are not kept: their transforms are tied
    /// to this Parse's decision. Returns the name the server knows the statement by, or null.
    /// </summary>
    private string? WriteRewrittenParse(ForwardPlan plan, ParseMessage parse, StatementDecision decision, int group)
    {
        var create = false;
        var backendName = parse.StatementName.Length == 0 && decision.Transforms.Count == 0
            ? _backendStatements.Acquire(decision.Text!, parse.ParameterTypes, group, out create)
            : null;
        if (backendName is null)
        {
            (parse with { Query = decision.Text! }).Write(plan.Replace());
        }
        else if (create)
        {
            new ParseMessage(backendName, decision.Text!, parse.ParameterTypes).Write(plan.Replace());
        }
        else
        {
            new ParseMessage(string.Empty, string.Empty, []).Write(plan.Replace());
        }
        return backendName;
    }

    /// <summary>
    /// Execute: the statement runs now. Session-state checks happen here (a statement prepared
    /// earlier runs under the state of now); a refusal replaces the Execute with a Parse of the
    /// denial marker, which fails in its place and makes the server discard up to Sync.
    /// </summary>
    private async ValueTask HandleExecuteAsync(ForwardPlan plan, int offset, int total, string portal, CancellationToken token)
    {
        // Only a tracking session comes here (the client pump forwards untracked Executes itself).
        if (!_portals.TryGetValue(portal, out var statement) || statement.Decision.Verdict == StatementVerdict.Deny)
        {
            // Unknown portals and denied statements fail at the server without running anything.
            plan.Pass(offset, total);
            return;
        }
        var group = _syncsSent + 1;
        // Parse, Bind and Execute of one request run under the snapshot the Parse was decided with;
        // only a statement prepared in an earlier request is checked against the policy of now.
        var current = statement.Group == group ? statement.Decision : await CurrentDecisionAsync(statement, token).ConfigureAwait(false);
        var decision = Guard(current, group);
        if (decision.Verdict != StatementVerdict.Deny)
        {
            var audit = await RecordAsync(statement.Text, decision).ConfigureAwait(false);
            if (audit is not null)
            {
                Dispatch(group, decision, audit);
                plan.Pass(offset, total);
                return;
            }
            decision = AuditDown(decision);
        }
        RecordDenial(statement.Text, decision);
        new ParseMessage(string.Empty, IssueDenial(decision.Reason, decision.DenySqlState), []).Write(plan.Replace());
        _preparedStatements.Remove(string.Empty);
    }

    /// <summary>
    /// The decision a prepared statement runs under. Prepared under an older policy or catalog, its
    /// text is decided again: the same verdict and text keep it running (with the new decision's
    /// transforms and rules); anything else refuses it, since the server holds the old rewrite.
    /// </summary>
    private ValueTask<StatementDecision> CurrentDecisionAsync(PreparedStatement statement, CancellationToken token)
    {
        var decision = statement.Decision;
        if (decision.Epoch is not { } epoch || _context.Interceptor.DecisionEpoch is not { } now || string.Equals(epoch, now, StringComparison.Ordinal))
        {
            return ValueTask.FromResult(decision);
        }
        return RedecideAsync(statement, token);
    }

    private async ValueTask<StatementDecision> RedecideAsync(PreparedStatement statement, CancellationToken token)
    {
        var old = statement.Decision;
        var fresh = await DecideAsync(statement.Text, StatementSource.Parse, null, token).ConfigureAwait(false);
        if (fresh.Verdict == old.Verdict && string.Equals(fresh.Text, old.Text, StringComparison.Ordinal))
        {
            statement.Decision = fresh;
            return fresh;
        }
        return fresh.Verdict == StatementVerdict.Deny
            ? fresh
            : Refuse(old, "the masking policy or catalog changed since this statement was prepared and it now reads differently; prepare it again");
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<StatementDecision> DecideAsync(string text, StatementSource source, string? statementName, CancellationToken token)
    {
        _context.Metrics.Statement();
        StatementDecision decision;
        try
        {
            if (_searchPathReady is { } ready)
            {
                await ready.Task.ConfigureAwait(false);
            }
            var context = new StatementContext(Facts!, text, source, statementName, _transactionStatus != TransactionStatus.Idle, CurrentSettings());
            decision = await _context.Interceptor.DecideAsync(context, token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Fail closed: a statement the proxy could not decide on does not run.
            LogMessages.InterceptorFailed(_context.Logger, Id, ex);
            decision = StatementDecision.Deny("internal error while checking the statement");
        }
        if (decision.Verdict == StatementVerdict.Deny)
        {
            LogMessages.StatementDenied(_context.Logger, Id, Facts!.Login, decision.Reason ?? string.Empty);
        }
        return decision;
    }

    /// <summary>
    /// Appends the statement's records. Returns null when the statement must not run: the log is
    /// down, or (for anything but a plain read) the record could not be made durable.
    /// </summary>
    private ValueTask<AuditPending?> RecordAsync(string text, StatementDecision decision)
    {
        if (!_auditing)
        {
            return ValueTask.FromResult<AuditPending?>(AuditPending.None);
        }
        if (!_context.Audit.IsAvailable)
        {
            return ValueTask.FromResult<AuditPending?>(null);
        }
        var pending = _context.Audit.Statement(Facts!, text, decision);
        if (!_waitForDurability)
        {
            // durability: batch: the record is queued in order and flushed within the window.
            return ValueTask.FromResult<AuditPending?>(pending.Durable.IsFaulted ? null : pending);
        }
        if (IsPlainRead(decision) || pending.Durable.IsCompletedSuccessfully)
        {
            // A read may run while its record is flushed; its results wait for it (see the barrier).
            _auditBarrier = pending.Durable;
            return ValueTask.FromResult<AuditPending?>(pending);
        }
        return WaitDurableAsync(pending);
    }

    private static async ValueTask<AuditPending?> WaitDurableAsync(AuditPending pending)
    {
        try
        {
            await pending.Durable.ConfigureAwait(false);
            return pending;
        }
        catch (Exception)
        {
            return null;
        }
    }

    private void RecordDenial(string text, StatementDecision decision)
    {
        if (_auditing)
        {
            // The denial's error waits for its record like any result does.
            var durable = _context.Audit.Statement(Facts!, text, decision).Durable;
            // A refusal because the log is down cannot wait for a record the log cannot take: the
            // client gets its 58030 error and keeps the session (nothing ran).
            if (_waitForDurability && decision.DenySqlState != SqlState.IoError)
            {
                _auditBarrier = durable;
            }
        }
    }

    private StatementDecision AuditDown(StatementDecision decision) =>
        decision with { Verdict = StatementVerdict.Deny, Text = null, Reason = AuditDownReason, DenySqlState = SqlState.IoError };

    private static bool IsPlainRead(StatementDecision decision)
    {
        var statements = decision.Analysis?.Statements;
        if (statements is null || statements.Count == 0)
        {
            return false;
        }
        foreach (var statement in statements)
        {
            if (!statement.IsPlainRead)
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>The statement goes to the server: apply its session effects and queue it for attribution.</summary>
    private void Dispatch(int group, StatementDecision decision, AuditPending audit)
    {
        var analysis = decision.Analysis;
        if (analysis is not null)
        {
            if (analysis.SessionEffects.Count > 0)
            {
                ApplyEffects(analysis.SessionEffects, group);
            }
            foreach (var statement in analysis.Statements)
            {
                if (statement.Action != StatementAction.Ddl)
                {
                    continue;
                }
                Volatile.Write(ref _schemaChangeGroup, group);
                if (statement.Kind.StartsWith("DROP", StringComparison.Ordinal) || statement.Kind.StartsWith("ALTER", StringComparison.Ordinal))
                {
                    ForgetTemporaryRelations();
                }
            }
        }
        if (decision.ScrubErrors)
        {
            Volatile.Write(ref _scrubThroughGroup, group);
        }
        _units.Enqueue(new ExecutionUnit(group, decision, audit, analysis?.Statements.Count ?? 1));
    }
}
