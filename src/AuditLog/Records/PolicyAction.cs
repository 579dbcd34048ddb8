namespace MaskingProxy.AuditLog.Records;

/// <summary>Initial policy load or a hot reload. Wire: "load", "reload".</summary>
public enum PolicyAction
{
    Load,
    Reload,
}
