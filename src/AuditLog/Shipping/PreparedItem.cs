namespace MaskingProxy.AuditLog.Shipping;

/// <summary>One record ready to send: its document id and where its two NDJSON lines (action, document) sit in the batch buffer.</summary>
internal readonly record struct PreparedItem(string Id, long Seq, int Start, int Length);
