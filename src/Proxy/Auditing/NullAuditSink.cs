using MaskingProxy.Proxy.Interception;
using MaskingProxy.Proxy.Sessions;

namespace MaskingProxy.Proxy.Auditing;

/// <summary>No audit section configured: nothing is recorded.</summary>
public sealed class NullAuditSink : IAuditSink
{
    public static readonly NullAuditSink Instance = new();

    public bool IsAvailable => true;

    public bool WaitForDurability => false;

    public void Connection(SessionFacts facts, ConnectionEvent connectionEvent, string? reason, TimeSpan? duration)
    {
    }

    public void Authentication(SessionFacts facts, bool success, string? method, string? sqlState, string? reason)
    {
    }

    public AuditPending Statement(SessionFacts facts, string originalText, StatementDecision decision) => AuditPending.None;

    public void Outcome(SessionFacts facts, AuditPending pending, int statementIndex, StatementCompletion completion)
    {
    }

    public void Policy(bool accepted, bool initial, string? version, string? previousVersion, string? name, string? path, string? errors)
    {
    }
}
