namespace MaskingProxy.Proxy.Hosting;

public sealed record ListenerConfig(
    string Name,
    ListenerProtocol Protocol,
    HostPort Listen,
    HostPort Backend,
    TlsConfig? Tls,
    BackendTlsMode BackendTls,
    string? BackendCaFile);
