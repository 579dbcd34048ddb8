namespace MaskingProxy.Proxy.Hosting;

/// <summary>Bounds that keep one client from exhausting the proxy.</summary>
/// <param name="MaxMessageBytes">Largest client message buffered whole (COPY data streams and is not bounded by it).</param>
/// <param name="StartupTimeout">Time a client gets from connect to the end of authentication.</param>
/// <param name="ConnectTimeout">Time to open the backend connection.</param>
/// <param name="DrainTimeout">How long SIGTERM waits for in-flight statements.</param>
public sealed record LimitsConfig(
    int MaxMessageBytes,
    TimeSpan StartupTimeout,
    TimeSpan ConnectTimeout,
    TimeSpan DrainTimeout)
{
    public static readonly LimitsConfig Default = new(64 * 1024 * 1024, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(15));
}
