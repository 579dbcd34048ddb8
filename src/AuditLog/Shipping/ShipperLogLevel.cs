namespace MaskingProxy.AuditLog.Shipping;

/// <summary>Severity of a shipper log message (maps onto Microsoft.Extensions.Logging levels in the host).</summary>
public enum ShipperLogLevel
{
    Information,
    Warning,
    Error,
}
