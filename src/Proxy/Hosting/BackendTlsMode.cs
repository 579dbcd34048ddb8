namespace MaskingProxy.Proxy.Hosting;

/// <summary>TLS towards the database, with libpq's sslmode meanings.</summary>
public enum BackendTlsMode
{
    /// <summary>Plain TCP.</summary>
    Disable,

    /// <summary>TLS when the server offers it, without certificate checks; plain otherwise.</summary>
    Prefer,

    /// <summary>TLS or fail; the certificate is not checked (libpq: require without a root file).</summary>
    Require,

    /// <summary>TLS with the chain checked against backend_ca (or the system store) and the host name.</summary>
    VerifyFull,
}
