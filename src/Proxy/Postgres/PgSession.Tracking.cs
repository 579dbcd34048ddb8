using System.Collections.Concurrent;
using MaskingProxy.Proxy.Auditing;
using MaskingProxy.Proxy.Interception;
using MaskingProxy.Proxy.Postgres.Messages;
using MaskingProxy.Proxy.Postgres.Protocol;
using MaskingProxy.Proxy.Transport;
using MaskingProxy.SqlRewriter.Masks;

namespace MaskingProxy.Proxy.Postgres;

/// <summary>
/// Backend side of statement tracking: rows, completions and errors are attributed to the
/// <see cref="ExecutionUnit"/> at the head of the queue when it belongs to the sync group being
/// answered; outcomes go to the audit sink; the ReadyForQuery ending a group retires every unit the
/// server skipped after an error.
/// </summary>
public sealed partial class PgSession
{
    private readonly ConcurrentQueue<ExecutionUnit> _units = new();

    /// <summary>Sync group up to which errors and notices are scrubbed (0 = none).</summary>
    private int _scrubThroughGroup;

    /// <summary>An ErrorResponse arrived in the group being answered (backend pump only).</summary>
    private bool _groupError;

    private string? _groupErrorState;

    private int AnsweringGroup => _readyReceived + 1;

    /// <summary>The unit producing results now, or null.</summary>
    private ExecutionUnit? ActiveUnit()
    {
        if (!_units.TryPeek(out var unit))
        {
            return null;
        }
        return unit.Group == AnsweringGroup ? unit : null;
    }

    /// <summary>The hash transforms the DataRows now arriving need (read whole to apply them); null when none.</summary>
    private ColumnTransform?[]? RowTransforms() => _tracking ? ActiveUnit()?.CurrentTransforms : null;

    private void StatementCompleted(ReadOnlySpan<byte> body)
    {
        long? rows = null;
        if (CommandCompleteMessage.TryGetTag(body, out var tag))
        {
            rows = CommandCompleteMessage.Rows(tag);
            if (CommandCompleteMessage.IsRollback(tag))
            {
                RollbackCompleted();
            }
        }
        Complete(new StatementCompletion(true, null, rows, default), finishesText: false);
    }

    /// <summary>Reports the active statement's outcome and advances to the next statement of its text.</summary>
    private void Complete(StatementCompletion completion, bool finishesText)
    {
        var unit = ActiveUnit();
        if (unit is null)
        {
            return;
        }
        if (unit.Audit != AuditPending.None)
        {
            _context.Audit.Outcome(Facts!, unit.Audit, unit.Current, completion with { Duration = unit.Elapsed });
        }
        unit.Current++;
        if (finishesText || unit.Current >= unit.StatementCount)
        {
            _units.TryDequeue(out _);
        }
    }

    private void ErrorReceived(ErrorResponseMessage error)
    {
        _groupError = true;
        _groupErrorState = error.SqlState;
        // After an error the server skips the rest of the text (simple) or of the group (extended).
        Complete(new StatementCompletion(false, error.SqlState, null, default), finishesText: true);
    }

    /// <summary>At ReadyForQuery: retire what the group skipped, confirm or doubt session settings.</summary>
    private void GroupEnded(TransactionStatus status)
    {
        var group = _readyReceived;
        while (_units.TryPeek(out var unit) && unit.Group <= group)
        {
            _units.TryDequeue(out _);
            if (unit.Audit != AuditPending.None)
            {
                for (var i = unit.Current; i < unit.StatementCount; i++)
                {
                    // Never ran: the server skipped it after an earlier error in its group.
                    _context.Audit.Outcome(Facts!, unit.Audit, i, new StatementCompletion(false, _groupErrorState, null, unit.Elapsed));
                }
            }
        }
        ConfirmSettings(group, status, _groupError);
        _backendStatements.GroupEnded(group, _groupError);
        _groupError = false;
        _groupErrorState = null;
    }

    /// <summary>Replaces the hash-masked columns of a DataRow; false when the row is malformed.</summary>
    private static bool TransformRow(ForwardPlan plan, ReadOnlySpan<byte> body, ColumnTransform?[] transforms) =>
        // Text and binary format of the character types a hash mask applies to are the same bytes.
        DataRowMessage.TryRewrite(
            body,
            plan.Replace(),
            transforms,
            static (byColumn, column, value) => column < byColumn.Length && byColumn[column] is { } t
                ? HmacSm3Pseudonym.ComputeUtf8(t.Key, value, t.Length)
                : null);

    private bool ShouldScrub() => Volatile.Read(ref _scrubThroughGroup) >= AnsweringGroup;

    /// <summary>
    /// An error or notice raised while covered values were evaluated may quote them (a failing cast
    /// echoes its input): keep severity, SQLSTATE and the object names, withhold the texts.
    /// </summary>
    private static void WriteScrubbed(ForwardPlan plan, ErrorResponseMessage message, BackendCode code)
    {
        var fields = new List<KeyValuePair<ErrorField, string>>(message.Fields.Count);
        foreach (var field in message.Fields)
        {
            switch (field.Key)
            {
                case ErrorField.Message:
                    fields.Add(new(field.Key, $"{(code == BackendCode.ErrorResponse ? "error" : "notice")} text withheld by the masking proxy: the statement reads masked columns (SQLSTATE {message.SqlState})"));
                    break;
                case ErrorField.Severity:
                case ErrorField.SeverityNonLocalized:
                case ErrorField.Code:
                case ErrorField.Schema:
                case ErrorField.Table:
                case ErrorField.Column:
                case ErrorField.DataType:
                case ErrorField.Constraint:
                    fields.Add(field);
                    break;
            }
        }
        new ErrorResponseMessage(fields).Write(plan.Replace(), code);
    }
}
