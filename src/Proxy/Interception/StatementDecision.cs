namespace MaskingProxy.Proxy.Interception;

/// <summary>The outcome of the interception point for one statement text.</summary>
public sealed record StatementDecision(StatementVerdict Verdict, string? Text, string? Reason)
{
    public static readonly StatementDecision Forward = new(StatementVerdict.Forward, null, null);

    public static StatementDecision Rewrite(string text) => new(StatementVerdict.Rewrite, text, null);

    public static StatementDecision Deny(string reason) => new(StatementVerdict.Deny, null, reason);
}
