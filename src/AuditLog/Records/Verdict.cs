namespace MaskingProxy.AuditLog.Records;

/// <summary>What the policy decided for a statement. Wire: "allow", "masked", "deny".</summary>
public enum Verdict
{
    Allow,
    Masked,
    Deny,
}
