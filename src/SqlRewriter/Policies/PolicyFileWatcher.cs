using MaskingProxy.SqlRewriter.Catalog;

namespace MaskingProxy.SqlRewriter.Policies;

/// <summary>
/// Reloads a <see cref="PolicyStore"/> when its file changes.
/// </summary>
/// <remarks>
/// <para>The whole folder is watched, not just the file name: editors save by writing a temporary file
/// and renaming it, and Kubernetes ConfigMaps swap a symlinked folder, neither of which raises a change
/// event for the file itself. Any event restarts a debounce timer; when it fires, the file is reloaded
/// (<see cref="PolicyStore.TryReload"/> ignores unchanged content by its SM3 version).</para>
/// <para>An optional poll interval covers file systems without change notifications (some network
/// mounts).</para>
/// </remarks>
public sealed class PolicyFileWatcher : IDisposable
{
    private readonly PolicyStore _store;
    private readonly string _path;
    private readonly IColumnTypeLookup? _columnTypes;
    private readonly TimeSpan _debounce;
    private readonly FileSystemWatcher _watcher;
    private readonly Timer _debounceTimer;
    private readonly Timer? _pollTimer;
    private readonly Lock _gate = new();
    private bool _disposed;

    internal PolicyFileWatcher(PolicyStore store, string path, TimeSpan debounce, IColumnTypeLookup? columnTypes, TimeSpan? pollInterval)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentOutOfRangeException.ThrowIfLessThan(debounce, TimeSpan.Zero);
        _store = store;
        _path = Path.GetFullPath(path);
        _debounce = debounce;
        _columnTypes = columnTypes;

        string directory = Path.GetDirectoryName(_path) ?? throw new ArgumentException("path has no folder", nameof(path));
        _debounceTimer = new Timer(_ => Reload(), null, Timeout.Infinite, Timeout.Infinite);
        _watcher = new FileSystemWatcher(directory)
        {
            NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.CreationTime,
            IncludeSubdirectories = false,
        };
        _watcher.Changed += OnEvent;
        _watcher.Created += OnEvent;
        _watcher.Deleted += OnEvent;
        _watcher.Renamed += OnEvent;
        _watcher.Error += (_, _) => Schedule(); // buffer overflow: we may have missed events, so re-check
        _watcher.EnableRaisingEvents = true;

        if (pollInterval is TimeSpan poll && poll > TimeSpan.Zero)
        {
            _pollTimer = new Timer(_ => Reload(), null, poll, poll);
        }
    }

    /// <summary>Raised when a triggered reload threw unexpectedly (the watcher keeps running).</summary>
    public event EventHandler<Exception>? Faulted;

    /// <summary>Stops watching.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
        }

        _watcher.Dispose();
        _debounceTimer.Dispose();
        _pollTimer?.Dispose();
    }

    private void OnEvent(object sender, FileSystemEventArgs e) => Schedule();

    private void Schedule()
    {
        lock (_gate)
        {
            if (!_disposed)
            {
                _debounceTimer.Change(_debounce, Timeout.InfiniteTimeSpan);
            }
        }
    }

    private void Reload()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }
        }

        try
        {
            _store.TryReload(_path, _columnTypes);
        }
        catch (Exception ex)
        {
            // A subscriber's exception must not kill a timer thread or stop future reloads.
            Faulted?.Invoke(this, ex);
        }
    }
}
