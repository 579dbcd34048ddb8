namespace MaskingProxy.Proxy.Interception;

/// <summary>
/// The single point every statement text passes through (simple Query text and Parse text) before
/// it reaches the database. Implementations decide; the session keeps the protocol in sync.
/// An exception counts as a denial: the proxy fails closed.
/// </summary>
public interface IStatementInterceptor
{
    ValueTask<StatementDecision> DecideAsync(StatementContext context, CancellationToken cancellationToken);
}
