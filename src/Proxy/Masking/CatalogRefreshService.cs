using Microsoft.Extensions.Hosting;

namespace MaskingProxy.Proxy.Masking;

/// <summary>
/// Loads the catalog before the listeners open (bounded, so an unreachable database does not stop
/// the start) and reloads it on the configured interval, catching schema changes made outside the
/// proxy.
/// </summary>
public sealed class CatalogRefreshService : IHostedService, IDisposable
{
    private static readonly TimeSpan InitialLoadBound = TimeSpan.FromSeconds(15);

    private readonly CatalogHolder _catalog;
    private readonly TimeSpan _interval;
    private readonly CancellationTokenSource _stop = new();
    private Task? _loop;

    public CatalogRefreshService(CatalogHolder catalog, TimeSpan interval)
    {
        _catalog = catalog;
        _interval = interval;
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var initial = _catalog.ReloadAsync();
        await Task.WhenAny(initial, Task.Delay(InitialLoadBound, cancellationToken)).ConfigureAwait(false);
        _loop = LoopAsync(_stop.Token);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_loop is not null)
        {
            await _loop.ConfigureAwait(false);
        }
    }

    public void Dispose() => _stop.Dispose();

    private async Task LoopAsync(CancellationToken token)
    {
        using var timer = new PeriodicTimer(_interval);
        try
        {
            while (await timer.WaitForNextTickAsync(token).ConfigureAwait(false))
            {
                await _catalog.ReloadAsync().ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }
}
