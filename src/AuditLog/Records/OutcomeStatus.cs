namespace MaskingProxy.AuditLog.Records;

/// <summary>How an executed (or refused) statement ended. Wire: "success", "error".</summary>
public enum OutcomeStatus
{
    Success,
    Error,
}
