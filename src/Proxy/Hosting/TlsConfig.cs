namespace MaskingProxy.Proxy.Hosting;

/// <summary>PEM certificate and key the proxy terminates client TLS with.</summary>
public sealed record TlsConfig(string CertificatePath, string KeyPath);
