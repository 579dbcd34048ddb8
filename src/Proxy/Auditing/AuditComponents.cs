using MaskingProxy.AuditLog.Shipping;
using MaskingProxy.Proxy.Observability;
using Microsoft.Extensions.Hosting;

namespace MaskingProxy.Proxy.Auditing;

/// <summary>
/// What <see cref="AuditSetup.Open"/> made: the sink sessions report to, the hosted services to put
/// first in <c>ProxyComponents.Services</c>, and the /metrics source. Dispose it when the process
/// ends: if the host never stopped the services (start failed), that still closes the log cleanly.
/// </summary>
public sealed class AuditComponents : IAsyncDisposable
{
    private readonly AuditLogService _log;
    private readonly AuditShipperService? _shipping;

    internal AuditComponents(AuditLogSink sink, AuditLogService log, AuditShipperService? shipping)
    {
        Sink = sink;
        _log = log;
        _shipping = shipping;
        // The shipper first: services stop in reverse order, so it stops after the log wrote its
        // shutdown checkpoint and can still ship it.
        Services = shipping is null ? [log] : [shipping, log];
        MetricsSources = [new AuditMetricsSource(sink, shipping?.Shipper)];
    }

    public AuditLogSink Sink { get; }

    /// <summary>Start in list order before the listeners open; stop in reverse order after they drained.</summary>
    public IReadOnlyList<IHostedService> Services { get; }

    public IReadOnlyList<IMetricsSource> MetricsSources { get; }

    public async ValueTask DisposeAsync()
    {
        // No-ops after a normal host stop; otherwise they end what the host did not.
        await _log.CloseAsync("exit").ConfigureAwait(false);
        if (_shipping is not null)
        {
            await _shipping.DisposeAsync().ConfigureAwait(false);
        }
    }
}
