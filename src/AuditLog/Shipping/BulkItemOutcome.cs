namespace MaskingProxy.AuditLog.Shipping;

/// <summary>What the shipper does with one item of a bulk response.</summary>
internal enum BulkItemOutcome
{
    /// <summary>201 (or another 2xx): stored now.</summary>
    Created,

    /// <summary>409 version_conflict on create: stored by an earlier attempt. Counts as shipped.</summary>
    AlreadyExists,

    /// <summary>429 or 5xx (or no status): send this item again after a backoff.</summary>
    Retry,

    /// <summary>Any other 4xx (mapping error, document too large, …): retrying cannot help.</summary>
    Poison,
}
