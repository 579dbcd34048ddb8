namespace MaskingProxy.AuditLog.Verify;

/// <summary>What an unsigned or torn tail means when no writer holds the directory.</summary>
public enum TailPolicy
{
    /// <summary>Broken (<see cref="VerifyFailure.UnsignedTail"/> or <see cref="VerifyFailure.TornTail"/>): right for archived logs. Default.</summary>
    Strict,

    /// <summary>Intact with <see cref="TailState.Open"/>/<see cref="TailState.Torn"/> reported: for a log whose proxy crashed and has not restarted yet.</summary>
    AllowOpenTail,
}
