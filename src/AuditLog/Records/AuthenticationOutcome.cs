namespace MaskingProxy.AuditLog.Records;

/// <summary>Authentication result as relayed from the backend. Wire: "success", "failure".</summary>
public enum AuthenticationOutcome
{
    Success,
    Failure,
}
