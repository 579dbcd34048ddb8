namespace MaskingProxy.AuditLog.Shipping;

/// <summary>Maps a bulk item status to what the shipper does (see docs/audit-format.md §17).</summary>
internal static class BulkItemClassifier
{
    public static BulkItemOutcome Classify(int status) => status switch
    {
        >= 200 and < 300 => BulkItemOutcome.Created,
        409 => BulkItemOutcome.AlreadyExists,
        429 => BulkItemOutcome.Retry,
        >= 400 and < 500 => BulkItemOutcome.Poison,
        _ => BulkItemOutcome.Retry, // 5xx, or a status we do not understand: transient until proven otherwise
    };
}
