using MaskingProxy.Proxy.Interception;

namespace MaskingProxy.Proxy.Postgres;

/// <summary>A Parse the session forwarded: the client's text and the decision made for it.</summary>
internal sealed record PreparedStatement(string Text, StatementDecision Decision);
