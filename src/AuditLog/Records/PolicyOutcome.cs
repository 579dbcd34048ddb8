namespace MaskingProxy.AuditLog.Records;

/// <summary>Whether the policy file was taken into use. Wire: "accepted", "rejected".</summary>
public enum PolicyOutcome
{
    Accepted,
    Rejected,
}
