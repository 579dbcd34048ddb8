using System.Net;
using System.Security.Cryptography.X509Certificates;
using MaskingProxy.Proxy.Observability;
using MaskingProxy.Proxy.Postgres;
using Microsoft.Extensions.Logging;

namespace MaskingProxy.Proxy.Hosting;

/// <summary>
/// The running proxy without any hosting concerns: listeners for a validated config, one
/// interception point, shared metrics. The hosted service and the tests both drive this type.
/// </summary>
public sealed class ProxyServer : IAsyncDisposable
{
    private readonly ProxyConfig _config;
    private readonly ProxyComponents _components;
    private readonly ILoggerFactory _loggerFactory;
    private readonly List<PgListener> _listeners = [];
    private readonly CancelRegistry _cancels = new();

    public ProxyServer(ProxyConfig config, ProxyComponents components, ILoggerFactory loggerFactory, ProxyMetrics? metrics = null)
    {
        _config = config;
        _components = components;
        _loggerFactory = loggerFactory;
        Metrics = metrics ?? new ProxyMetrics();
    }

    public ProxyMetrics Metrics { get; }

    /// <summary>/metrics text: the proxy's own series, those of its components, then the process and runtime.</summary>
    public string RenderMetrics()
    {
        var text = new System.Text.StringBuilder(4096);
        Metrics.Render(text, Draining);
        foreach (var source in _components.MetricsSources)
        {
            source.Render(text);
        }
        Observability.RuntimeMetrics.Render(text);
        return text.ToString();
    }

    public bool Draining { get; private set; }

    /// <summary>Opens every listener; throws when a certificate cannot be loaded or a port is taken.</summary>
    public void Start()
    {
        var logger = _loggerFactory.CreateLogger("MaskingProxy.Postgres");
        foreach (var listener in _config.Listeners)
        {
            X509Certificate2? certificate = null;
            if (listener.Tls is { } tls)
            {
                certificate = X509Certificate2.CreateFromPemFile(tls.CertificatePath, tls.KeyPath);
            }
            X509Certificate2Collection? backendCa = null;
            if (listener.BackendCaFile is { } caFile)
            {
                backendCa = [];
                backendCa.ImportFromPemFile(caFile);
            }
            var context = new PgListenerContext(listener, certificate, backendCa, _config.Limits, _components.Interceptor, _components.Audit, _cancels, Metrics, logger);
            var pg = new PgListener(context);
            pg.Start();
            _listeners.Add(pg);
        }
    }

    /// <summary>Where a listener actually listens (useful with port 0).</summary>
    public IPEndPoint EndPoint(string listenerName) =>
        _listeners.Single(l => l.Name == listenerName).LocalEndPoint ?? throw new InvalidOperationException("listener not started");

    public int OpenSessions => _listeners.Sum(l => l.Sessions.Count);

    /// <summary>SIGTERM semantics: stop accepting, let in-flight statements finish within the bound, close the rest.</summary>
    public async Task StopAsync()
    {
        Draining = true;
        await Task.WhenAll(_listeners.Select(l => l.StopAcceptingAsync())).ConfigureAwait(false);
        await Task.WhenAll(_listeners.Select(l => l.DrainAsync(_config.Limits.DrainTimeout))).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var listener in _listeners)
        {
            await listener.DisposeAsync().ConfigureAwait(false);
        }
        _listeners.Clear();
    }
}
