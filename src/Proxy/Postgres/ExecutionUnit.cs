using System.Diagnostics;
using MaskingProxy.Proxy.Auditing;
using MaskingProxy.Proxy.Interception;

namespace MaskingProxy.Proxy.Postgres;

/// <summary>
/// One statement text sent for execution (a simple Query, or an Execute of a portal), queued by the
/// client pump in send order so the backend pump can attribute rows, completions and errors to it:
/// the server answers strictly in order (docs §55.2.3), and every unit belongs to the sync group
/// whose ReadyForQuery ends it.
/// </summary>
internal sealed class ExecutionUnit
{
    public ExecutionUnit(int group, StatementDecision decision, AuditPending audit, int statementCount)
    {
        Group = group;
        Decision = decision;
        Audit = audit;
        StatementCount = Math.Max(1, statementCount);
        Started = Stopwatch.GetTimestamp();
    }

    /// <summary>Number of the ReadyForQuery that ends the unit's sync group (1-based, after startup).</summary>
    public int Group { get; }

    public StatementDecision Decision { get; }

    public AuditPending Audit { get; }

    public int StatementCount { get; }

    /// <summary>The statement of the text now producing results (simple Query texts hold several).</summary>
    public int Current { get; set; }

    public long Started { get; }

    /// <summary>The hash transforms of the statement producing rows now, indexed by column; null when it has none.</summary>
    public ColumnTransform?[]? CurrentTransforms => Decision.TransformsFor(Current);

    public TimeSpan Elapsed => Stopwatch.GetElapsedTime(Started);
}
