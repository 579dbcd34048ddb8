namespace MaskingProxy.AuditLog.Shipping;

/// <summary>One item of a bulk response: the document id, its HTTP status and, for failures, the error type and reason.</summary>
internal readonly record struct BulkItemResult(string? Id, int Status, string? ErrorType, string? ErrorReason)
{
    public BulkItemOutcome Outcome => BulkItemClassifier.Classify(Status);
}
