using MaskingProxy.Proxy.Interception;

namespace MaskingProxy.Proxy.Tests.Support;

/// <summary>
/// A deny rule that exists only in tests: any statement text containing the marker word is denied,
/// any text containing the rewrite word has it replaced — enough to drive the interception point
/// through every protocol path.
/// </summary>
public sealed class DenyRuleInterceptor : IStatementInterceptor
{
    public const string Forbidden = "forbidden_word";
    public const string Reason = "test rule: statement mentions forbidden_word";

    private int _seen;

    public int Seen => Volatile.Read(ref _seen);

    public ValueTask<StatementDecision> DecideAsync(StatementContext context, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _seen);
        if (context.Text.Contains(Forbidden, StringComparison.OrdinalIgnoreCase))
        {
            return ValueTask.FromResult(StatementDecision.Deny(Reason));
        }
        if (context.Text.Contains("rewrite_me", StringComparison.Ordinal))
        {
            return ValueTask.FromResult(StatementDecision.Rewrite(context.Text.Replace("rewrite_me", "'rewritten'", StringComparison.Ordinal)));
        }
        return ValueTask.FromResult(StatementDecision.Forward);
    }
}
