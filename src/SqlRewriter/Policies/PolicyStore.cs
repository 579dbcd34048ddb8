using MaskingProxy.SqlRewriter.Catalog;

namespace MaskingProxy.SqlRewriter.Policies;

/// <summary>
/// Holds the policy snapshot in force. Readers take <see cref="Current"/> once per statement and use that
/// immutable snapshot throughout, so a reload never mixes two policies within one decision.
/// </summary>
/// <remarks>
/// Reloads are serialized; the swap is a single reference write, done only when the new file is valid.
/// Events are raised on the reloading thread, after the swap, outside the lock.
/// </remarks>
public sealed class PolicyStore
{
    private readonly Lock _reloadLock = new();
    private Policy _current;

    /// <summary>Creates a store serving <paramref name="initial"/>.</summary>
    public PolicyStore(Policy initial)
    {
        ArgumentNullException.ThrowIfNull(initial);
        _current = initial;
    }

    /// <summary>Raised after a successful reload that changed the policy version.</summary>
    public event EventHandler<PolicyChangedEventArgs>? Changed;

    /// <summary>Raised when a reload was rejected and the previous policy stays in force.</summary>
    public event EventHandler<PolicyReloadFailedEventArgs>? ReloadFailed;

    /// <summary>The snapshot in force.</summary>
    public Policy Current => Volatile.Read(ref _current);

    /// <summary>Loads <paramref name="path"/> and swaps it in if, and only if, it is valid.</summary>
    /// <param name="path">Policy file.</param>
    /// <param name="columnTypes">Catalog for mask/type checks, or null.</param>
    public PolicyReloadResult TryReload(string path, IColumnTypeLookup? columnTypes = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        PolicyReloadResult result;
        Policy previous;
        lock (_reloadLock)
        {
            previous = Current;
            PolicyLoadResult loaded = PolicyLoader.TryLoadFile(path, columnTypes);
            if (loaded.Policy is null)
            {
                result = new PolicyReloadResult(false, false, previous, loaded.Errors);
            }
            else if (string.Equals(loaded.Policy.Version, previous.Version, StringComparison.Ordinal))
            {
                result = new PolicyReloadResult(true, false, previous, loaded.Errors);
            }
            else
            {
                Volatile.Write(ref _current, loaded.Policy);
                result = new PolicyReloadResult(true, true, loaded.Policy, loaded.Errors);
            }
        }

        if (!result.Success)
        {
            ReloadFailed?.Invoke(this, new PolicyReloadFailedEventArgs(path, result.Current, result.Errors));
        }
        else if (result.Changed)
        {
            Changed?.Invoke(this, new PolicyChangedEventArgs(previous, result.Current, result.Errors));
        }

        return result;
    }

    /// <summary>
    /// Watches <paramref name="path"/> and reloads after changes settle for <paramref name="debounce"/>.
    /// Dispose the returned watcher to stop.
    /// </summary>
    public PolicyFileWatcher Watch(string path, TimeSpan debounce, IColumnTypeLookup? columnTypes = null, TimeSpan? pollInterval = null) =>
        new(this, path, debounce, columnTypes, pollInterval);
}
