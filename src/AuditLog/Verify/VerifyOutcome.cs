namespace MaskingProxy.AuditLog.Verify;

/// <summary>Overall verdict; the CLI maps it to its exit code (the numeric values).</summary>
public enum VerifyOutcome
{
    /// <summary>Every check passed (exit 0).</summary>
    Intact = 0,

    /// <summary>A check failed; see <see cref="VerifyResult.Failure"/> (exit 1).</summary>
    Broken = 1,

    /// <summary>The input could not be verified at all: no directory, no segments, unreadable files (exit 2).</summary>
    Unusable = 2,
}
