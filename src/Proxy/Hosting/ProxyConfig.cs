namespace MaskingProxy.Proxy.Hosting;

/// <summary>The whole maskingproxy.yaml (SPEC §8), validated and with paths made absolute.</summary>
public sealed record ProxyConfig(
    IReadOnlyList<ListenerConfig> Listeners,
    CatalogConfig? Catalog,
    string? PolicyPath,
    AuditConfig? Audit,
    AdminConfig Admin,
    LimitsConfig Limits);
