namespace MaskingProxy.SqlRewriter.Policies;

/// <summary>
/// Raised when a reload was rejected; the store keeps serving <see cref="Current"/>. SPEC §3 asks the
/// proxy to say so (log, metric, audit record): subscribe to this event.
/// </summary>
public sealed class PolicyReloadFailedEventArgs(string path, Policy current, IReadOnlyList<PolicyError> errors) : EventArgs
{
    /// <summary>The file that failed to load.</summary>
    public string Path { get; } = path;

    /// <summary>The snapshot still in force.</summary>
    public Policy Current { get; } = current;

    /// <summary>Why the new file was rejected.</summary>
    public IReadOnlyList<PolicyError> Errors { get; } = errors;
}
