namespace MaskingProxy.AuditLog.Verify;

/// <summary>How the (last) chain ends.</summary>
public enum TailState
{
    /// <summary>Ends with a shutdown checkpoint: nothing can have been cut off.</summary>
    Closed,

    /// <summary>A writer holds the directory: the unsigned tail is still being written (expected).</summary>
    Live,

    /// <summary>No writer and no shutdown checkpoint: the records after the last checkpoint are unsigned.</summary>
    Open,

    /// <summary>No writer and the last line is partial.</summary>
    Torn,
}
