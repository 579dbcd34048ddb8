using MaskingProxy.Proxy.Interception;

namespace MaskingProxy.Proxy.Postgres;

/// <summary>
/// A Parse the session forwarded: the client's text and the decision made for it. Shared by the
/// statement and the portals bound to it; the decision is replaced when a later policy or catalog
/// decides the same text the same way again.
/// </summary>
internal sealed class PreparedStatement(string text, StatementDecision decision, int group)
{
    public string Text { get; } = text;

    /// <summary>The sync group of its Parse: an Execute in the same group is part of the same request.</summary>
    public int Group { get; } = group;

    public StatementDecision Decision { get; set; } = decision;

    /// <summary>The name the server knows it by, when the proxy keeps it as one of its <see cref="BackendStatements"/>.</summary>
    public string? BackendName { get; init; }
}
