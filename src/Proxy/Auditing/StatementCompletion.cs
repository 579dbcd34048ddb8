namespace MaskingProxy.Proxy.Auditing;

/// <summary>How one statement ended at the database.</summary>
/// <param name="Success">CommandComplete (or EmptyQueryResponse, PortalSuspended) rather than ErrorResponse.</param>
/// <param name="SqlState">The error's SQLSTATE; null on success.</param>
/// <param name="Rows">Row count from the CommandComplete tag, when the tag carries one.</param>
/// <param name="Duration">From forwarding the statement to its completion.</param>
public readonly record struct StatementCompletion(bool Success, string? SqlState, long? Rows, TimeSpan Duration);
