namespace MaskingProxy.SqlRewriter.Policies;

/// <summary>Whether a <see cref="PolicyError"/> makes the policy invalid.</summary>
public enum PolicyErrorSeverity
{
    /// <summary>The policy is rejected.</summary>
    Error,

    /// <summary>Reported, but the policy still loads.</summary>
    Warning,
}
