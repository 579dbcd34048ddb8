namespace MaskingProxy.SqlRewriter.Policies;

/// <summary>
/// Outcome of loading a policy: the policy when valid, and every error and warning found. Deconstructs
/// as <c>var (policy, errors) = PolicyLoader.TryLoadFile(path);</c>.
/// </summary>
/// <param name="Policy">The policy, or null when any error (not warning) was reported.</param>
/// <param name="Errors">All problems, errors and warnings, in file order.</param>
public sealed record PolicyLoadResult(Policy? Policy, IReadOnlyList<PolicyError> Errors)
{
    /// <summary>True when the policy is valid (warnings allowed).</summary>
    public bool Success => Policy is not null;

    /// <summary>Only the warnings.</summary>
    public IEnumerable<PolicyError> Warnings => Errors.Where(e => e.Severity == PolicyErrorSeverity.Warning);
}
