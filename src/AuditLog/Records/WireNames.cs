namespace MaskingProxy.AuditLog.Records;

/// <summary>Enum ↔ wire string mapping (lowercase snake_case, stable across versions).</summary>
internal static class WireNames
{
    public static string Of(Verdict v) => v switch
    {
        Verdict.Allow => "allow",
        Verdict.Masked => "masked",
        Verdict.Deny => "deny",
        _ => throw new ArgumentOutOfRangeException(nameof(v)),
    };

    public static Verdict? ParseVerdict(string s) => s switch
    {
        "allow" => Verdict.Allow,
        "masked" => Verdict.Masked,
        "deny" => Verdict.Deny,
        _ => null,
    };

    public static string Of(OutcomeStatus v) => v == OutcomeStatus.Success ? "success" : "error";

    public static OutcomeStatus? ParseOutcomeStatus(string s) => s switch
    {
        "success" => OutcomeStatus.Success,
        "error" => OutcomeStatus.Error,
        _ => null,
    };

    public static string Of(ConnectionPhase v) => v == ConnectionPhase.Open ? "open" : "close";

    public static ConnectionPhase? ParseConnectionPhase(string s) => s switch
    {
        "open" => ConnectionPhase.Open,
        "close" => ConnectionPhase.Close,
        _ => null,
    };

    public static string Of(AuthenticationOutcome v) => v == AuthenticationOutcome.Success ? "success" : "failure";

    public static AuthenticationOutcome? ParseAuthenticationOutcome(string s) => s switch
    {
        "success" => AuthenticationOutcome.Success,
        "failure" => AuthenticationOutcome.Failure,
        _ => null,
    };

    public static string Of(PolicyAction v) => v == PolicyAction.Load ? "load" : "reload";

    public static PolicyAction? ParsePolicyAction(string s) => s switch
    {
        "load" => PolicyAction.Load,
        "reload" => PolicyAction.Reload,
        _ => null,
    };

    public static string Of(PolicyOutcome v) => v == PolicyOutcome.Accepted ? "accepted" : "rejected";

    public static PolicyOutcome? ParsePolicyOutcome(string s) => s switch
    {
        "accepted" => PolicyOutcome.Accepted,
        "rejected" => PolicyOutcome.Rejected,
        _ => null,
    };

    public static string Of(CheckpointReason v) => v switch
    {
        CheckpointReason.Count => "count",
        CheckpointReason.Interval => "interval",
        CheckpointReason.Rotation => "rotation",
        CheckpointReason.Shutdown => "shutdown",
        CheckpointReason.Manual => "manual",
        _ => throw new ArgumentOutOfRangeException(nameof(v)),
    };

    public static CheckpointReason? ParseCheckpointReason(string s) => s switch
    {
        "count" => CheckpointReason.Count,
        "interval" => CheckpointReason.Interval,
        "rotation" => CheckpointReason.Rotation,
        "shutdown" => CheckpointReason.Shutdown,
        "manual" => CheckpointReason.Manual,
        _ => null,
    };

    public static string Of(RecoveryKind v) => v switch
    {
        RecoveryKind.TornTail => "torn_tail",
        RecoveryKind.UncleanShutdown => "unclean_shutdown",
        RecoveryKind.WriteFailure => "write_failure",
        _ => throw new ArgumentOutOfRangeException(nameof(v)),
    };

    public static RecoveryKind? ParseRecoveryKind(string s) => s switch
    {
        "torn_tail" => RecoveryKind.TornTail,
        "unclean_shutdown" => RecoveryKind.UncleanShutdown,
        "write_failure" => RecoveryKind.WriteFailure,
        _ => null,
    };
}
