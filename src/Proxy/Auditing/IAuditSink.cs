using MaskingProxy.Proxy.Interception;
using MaskingProxy.Proxy.Sessions;

namespace MaskingProxy.Proxy.Auditing;

/// <summary>
/// Where sessions report what the audit trail must hold (SPEC §6). Calls are made on the session's
/// own pumps, so implementations enqueue and return: the only thing a session ever waits for is
/// <see cref="AuditPending.Durable"/>.
/// </summary>
public interface IAuditSink
{
    /// <summary>False while records cannot be written: sessions refuse statements with SQLSTATE 58030.</summary>
    bool IsAvailable { get; }

    /// <summary>
    /// True (durability: sync) when results and writes must wait for <see cref="AuditPending.Durable"/>;
    /// false (durability: batch) when records are ordered and flushed within the documented window,
    /// so the statement proceeds as soon as its record is queued.
    /// </summary>
    bool WaitForDurability => true;

    /// <summary>A connection opened (startup packet read: login known) or closed.</summary>
    void Connection(SessionFacts facts, ConnectionEvent connectionEvent, string? reason, TimeSpan? duration);

    /// <summary>The backend accepted or rejected the login.</summary>
    void Authentication(SessionFacts facts, bool success, string? method, string? sqlState, string? reason);

    /// <summary>
    /// Records one statement text as decided (one record per statement it holds). A denied text's records
    /// carry their outcome; for the others the session reports <see cref="Outcome"/> per statement later.
    /// Never throws for an unavailable log: the returned <see cref="AuditPending.Durable"/> faults instead.
    /// </summary>
    AuditPending Statement(SessionFacts facts, string originalText, StatementDecision decision);

    /// <summary>How statement <paramref name="statementIndex"/> of <paramref name="pending"/> ended.</summary>
    void Outcome(SessionFacts facts, AuditPending pending, int statementIndex, StatementCompletion completion);

    /// <summary>A policy was loaded at start (<paramref name="initial"/>) or reloaded, or a reload was rejected.</summary>
    /// <param name="errors">Validation errors (file:line:col), one per line, for a rejected file.</param>
    void Policy(bool accepted, bool initial, string? version, string? previousVersion, string? name, string? path, string? errors);
}
