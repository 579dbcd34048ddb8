using System.Security.Cryptography.X509Certificates;
using MaskingProxy.Proxy.Auditing;
using MaskingProxy.Proxy.Hosting;
using MaskingProxy.Proxy.Interception;
using MaskingProxy.Proxy.Observability;
using Microsoft.Extensions.Logging;

namespace MaskingProxy.Proxy.Postgres;

/// <summary>Everything a PostgreSQL session needs from its listener and the process.</summary>
public sealed record PgListenerContext(
    ListenerConfig Listener,
    X509Certificate2? ServerCertificate,
    X509Certificate2Collection? BackendCa,
    LimitsConfig Limits,
    IStatementInterceptor Interceptor,
    IAuditSink Audit,
    CancelRegistry Cancels,
    ProxyMetrics Metrics,
    ILogger Logger);
