using MaskingProxy.SqlRewriter.Catalog;
using Microsoft.Extensions.Logging;

namespace MaskingProxy.Proxy.Masking;

/// <summary>
/// The catalog snapshot decisions are made against, reloaded on an interval, after a schema change
/// committed through the proxy, and when a statement names a relation the snapshot does not know.
/// Reloads are single-flight: concurrent callers share one load. A failed load keeps the last good
/// snapshot (statements over unknown relations stay denied, never allowed).
/// </summary>
public sealed class CatalogHolder
{
    private readonly ICatalogSource? _source;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private CatalogSnapshot _current;
    private Task? _loading;
    private volatile bool _dirty;
    private long _lastMissReload;

    public CatalogHolder(CatalogSnapshot initial, ICatalogSource? source, ILogger logger)
    {
        _current = initial;
        _source = source;
        _logger = logger;
    }

    public CatalogSnapshot Current => Volatile.Read(ref _current);

    /// <summary>True when a schema change was seen and the snapshot has not been reloaded since.</summary>
    public bool IsDirty => _dirty;

    public void MarkDirty()
    {
        if (_source is not null)
        {
            _dirty = true;
        }
    }

    /// <summary>Reloads now, or joins the reload in progress.</summary>
    public Task ReloadAsync()
    {
        if (_source is null)
        {
            return Task.CompletedTask;
        }
        lock (_gate)
        {
            if (_loading is { IsCompleted: false } running)
            {
                return running;
            }
            // The flag is cleared before loading: a change seen during the load marks it again.
            _dirty = false;
            _loading = LoadAsync();
            return _loading;
        }
    }

    /// <summary>
    /// Reload for a statement that named an unknown relation, at most once per second so a client
    /// cannot turn typos into a load on the database.
    /// </summary>
    public Task ReloadForMissAsync()
    {
        var now = Environment.TickCount64;
        var last = Interlocked.Read(ref _lastMissReload);
        if (now - last < 1000 || Interlocked.CompareExchange(ref _lastMissReload, now, last) != last)
        {
            lock (_gate)
            {
                return _loading ?? Task.CompletedTask;
            }
        }
        return ReloadAsync();
    }

    private async Task LoadAsync()
    {
        await Task.Yield();
        try
        {
            var snapshot = await _source!.LoadAsync().ConfigureAwait(false);
            Volatile.Write(ref _current, snapshot);
            MaskingLog.CatalogLoaded(_logger, _source.Description, snapshot.Relations.Count, snapshot.Version);
        }
        catch (Exception ex)
        {
            _dirty = true;
            MaskingLog.CatalogLoadFailed(_logger, _source!.Description, ex.Message);
        }
    }
}
