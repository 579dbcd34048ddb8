using MaskingProxy.Proxy.Sessions;

namespace MaskingProxy.Proxy.Interception;

/// <summary>
/// The single point every statement text passes through (simple Query text and Parse text) before
/// it reaches the database. Implementations decide; the session keeps the protocol in sync.
/// An exception counts as a denial: the proxy fails closed.
/// </summary>
public interface IStatementInterceptor
{
    ValueTask<StatementDecision> DecideAsync(StatementContext context, CancellationToken cancellationToken);

    /// <summary>
    /// Whether masking rules are in force for the session's login: such sessions get the session-state
    /// tracking (search_path, schema changes) and the error scrubbing that keep the rewrite honest.
    /// </summary>
    bool HasRules(SessionFacts session) => false;

    /// <summary>
    /// Whether sessions must track how the database reads names (search_path from the start): true
    /// whenever a policy is configured, since a reload can put rules in force for any login.
    /// </summary>
    bool TracksSessionState => false;

    /// <summary>Why the connection must be refused (e.g. a replication connection of a masked login), or null.</summary>
    string? RefuseConnection(SessionFacts session) => null;

    /// <summary>
    /// Identifies what decisions are made under now (policy and catalog versions); a statement
    /// prepared under another epoch is decided again before it runs. Null: decisions never change.
    /// </summary>
    string? DecisionEpoch => null;

    /// <summary>A schema change committed through the proxy: reload the catalog before the next decision.</summary>
    void SchemaChanged()
    {
    }
}
