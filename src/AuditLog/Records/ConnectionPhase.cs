namespace MaskingProxy.AuditLog.Records;

/// <summary>Connection opened or closed. Wire: "open", "close".</summary>
public enum ConnectionPhase
{
    Open,
    Close,
}
