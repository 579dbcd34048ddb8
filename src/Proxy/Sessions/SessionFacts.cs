using System.Net;

namespace MaskingProxy.Proxy.Sessions;

/// <summary>
/// What the proxy knows about a client session once it has logged in. Dialect-neutral: the TDS
/// frontend fills the same facts. The login is the one from the startup packet, never a later
/// SET ROLE — that is what policies key on.
/// </summary>
public sealed record SessionFacts(
    long SessionId,
    string Listener,
    string Protocol,
    string Login,
    string Database,
    string? ApplicationName,
    IPEndPoint? ClientEndPoint,
    bool ClientTls,
    bool Replication);
