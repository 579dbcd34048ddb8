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

    /// <summary>The audit log could not take a record; the statement or session was refused.</summary>
    Audit,
}
