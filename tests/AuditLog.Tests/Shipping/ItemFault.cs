namespace MaskingProxy.AuditLog.Tests.Shipping;

/// <summary>An injected per-item bulk failure: answer <see cref="Status"/> for this document id <see cref="Remaining"/> more times.</summary>
internal sealed class ItemFault(int status, int times)
{
    public int Status { get; } = status;

    public int Remaining { get; set; } = times;

    public string ErrorType => Status switch
    {
        429 => "es_rejected_execution_exception",
        400 => "mapper_parsing_exception",
        >= 500 => "unavailable_shards_exception",
        _ => "illegal_argument_exception",
    };
}
