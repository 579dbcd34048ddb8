using MaskingProxy.Proxy.Auditing;
using MaskingProxy.SqlRewriter.Policies;
using MaskingProxy.SqlRewriter.Rewriting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace MaskingProxy.Proxy.Masking;

/// <summary>
/// Hot reload (SPEC §3): watches the policy file; a valid new version is swapped in atomically and
/// recorded, an invalid one is rejected with its errors (logged and recorded) and the last valid
/// policy stays in force.
/// </summary>
public sealed class PolicyWatchService : IHostedService, IDisposable
{
    private readonly PolicyStore _store;
    private readonly string _path;
    private readonly TimeSpan _debounce;
    private readonly RewriteCache _cache;
    private readonly IAuditSink _audit;
    private readonly ILogger _logger;
    private PolicyFileWatcher? _watcher;

    public PolicyWatchService(PolicyStore store, string path, TimeSpan debounce, RewriteCache cache, IAuditSink audit, ILogger logger)
    {
        _store = store;
        _path = path;
        _debounce = debounce;
        _cache = cache;
        _audit = audit;
        _logger = logger;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _store.Changed += OnChanged;
        _store.ReloadFailed += OnReloadFailed;
        _watcher = _store.Watch(_path, _debounce);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        _watcher?.Dispose();
        _watcher = null;
        _store.Changed -= OnChanged;
        _store.ReloadFailed -= OnReloadFailed;
    }

    private void OnChanged(object? sender, PolicyChangedEventArgs e)
    {
        // Entries of the old version can never be hit again (the version is part of the key).
        _cache.Clear();
        MaskingLog.PolicyChanged(_logger, e.Current.Name, e.Current.Version, e.Previous.Version);
        _audit.Policy(true, false, e.Current.Version, e.Previous.Version, e.Current.Name, _path, null);
    }

    private void OnReloadFailed(object? sender, PolicyReloadFailedEventArgs e)
    {
        var errors = string.Join('\n', e.Errors.Select(error => error.ToString()));
        MaskingLog.PolicyRejected(_logger, e.Path, e.Current.Version, errors);
        _audit.Policy(false, false, null, e.Current.Version, e.Current.Name, e.Path, errors);
    }
}
