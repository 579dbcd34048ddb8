namespace MaskingProxy.Proxy.Observability;

/// <summary>Error classes counted in /metrics (label values of maskingproxy_errors_total).</summary>
public enum ErrorKind
{
    Protocol,
    BackendConnect,
    BackendTls,
    ClientTls,
    AuthFailed,
    Denied,
    StartupTimeout,
    DrainForced,
    Internal,
}
