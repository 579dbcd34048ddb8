namespace MaskingProxy.AuditLog.Log;

/// <summary>Where an appended record landed: its chain and sequence number (name it in a later <c>StatementOutcomeRecord</c>).</summary>
public readonly record struct AuditTicket(string ChainId, long Seq);
