namespace MaskingProxy.SqlRewriter.Policies;

/// <summary>Outcome of <see cref="PolicyStore.TryReload"/>.</summary>
/// <param name="Success">The file was valid (whether or not its content changed).</param>
/// <param name="Changed">The snapshot was replaced (valid and a different version).</param>
/// <param name="Current">The snapshot in force after the call.</param>
/// <param name="Errors">Errors (on failure) and warnings.</param>
public sealed record PolicyReloadResult(bool Success, bool Changed, Policy Current, IReadOnlyList<PolicyError> Errors);
