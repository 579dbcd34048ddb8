using MaskingProxy.Proxy.Interception;

namespace MaskingProxy.Proxy.Postgres;

/// <summary>
/// A Parse the session forwarded: the client's text and the decision made for it. Shared by the
/// statement and the portals bound to it; the decision is replaced when a later policy or catalog
/// decides the same text the same way again.
/// </summary>
internal sealed class PreparedStatement(string text, StatementDecision decision)
{
    public string Text { get; } = text;

    public StatementDecision Decision { get; set; } = decision;
}
