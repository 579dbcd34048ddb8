namespace MaskingProxy.Proxy.Hosting;

/// <summary>The HTTP admin endpoint (/healthz, /metrics); null Listen disables it.</summary>
public sealed record AdminConfig(HostPort? Listen);
