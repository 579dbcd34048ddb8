using Microsoft.Extensions.Hosting;

namespace MaskingProxy.Proxy.Hosting;

/// <summary>Runs the <see cref="ProxyServer"/> inside the generic host, which maps SIGTERM to StopAsync.</summary>
public sealed class ProxyService : IHostedService
{
    private readonly ProxyServer _server;

    public ProxyService(ProxyServer server) => _server = server;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _server.Start();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => _server.StopAsync();
}
