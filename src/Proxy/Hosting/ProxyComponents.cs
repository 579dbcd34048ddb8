using MaskingProxy.Proxy.Auditing;
using MaskingProxy.Proxy.Interception;
using MaskingProxy.Proxy.Observability;
using Microsoft.Extensions.Hosting;

namespace MaskingProxy.Proxy.Hosting;

/// <summary>
/// What the configured proxy is made of besides its listeners: the interception point (policy), the
/// audit sink, and the background services that keep them going (policy watcher, catalog refresh,
/// audit writer, shipper). Services start before the listeners open and stop after they drained, so
/// no session ever runs without its policy or its audit log.
/// </summary>
public sealed record ProxyComponents(IStatementInterceptor Interceptor, IAuditSink Audit)
{
    /// <summary>Started in order before the proxy, stopped in reverse order after it drained.</summary>
    public IReadOnlyList<IHostedService> Services { get; init; } = [];

    /// <summary>Extra Prometheus text appended to /metrics (e.g. shipper lag).</summary>
    public IReadOnlyList<IMetricsSource> MetricsSources { get; init; } = [];
}
