namespace MaskingProxy.Proxy.Interception;

/// <summary>Forwards every statement unchanged: the proxy with no policy configured.</summary>
public sealed class PassthroughInterceptor : IStatementInterceptor
{
    public static readonly PassthroughInterceptor Instance = new();

    public ValueTask<StatementDecision> DecideAsync(StatementContext context, CancellationToken cancellationToken) =>
        ValueTask.FromResult(StatementDecision.Forward);
}
