namespace MaskingProxy.SqlRewriter.Policies;

/// <summary>Raised after <see cref="PolicyStore.Current"/> was replaced.</summary>
public sealed class PolicyChangedEventArgs(Policy previous, Policy current, IReadOnlyList<PolicyError> warnings) : EventArgs
{
    /// <summary>The snapshot that was replaced.</summary>
    public Policy Previous { get; } = previous;

    /// <summary>The new snapshot.</summary>
    public Policy Current { get; } = current;

    /// <summary>Warnings reported while loading the new policy.</summary>
    public IReadOnlyList<PolicyError> Warnings { get; } = warnings;
}
