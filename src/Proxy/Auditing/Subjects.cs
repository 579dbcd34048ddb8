using System.Globalization;
using System.Net;
using System.Runtime.CompilerServices;
using MaskingProxy.AuditLog.Records;
using MaskingProxy.Proxy.Sessions;

namespace MaskingProxy.Proxy.Auditing;

/// <summary>
/// The audit subject of a session, built once per <see cref="SessionFacts"/> instance: formatting the
/// address and session id on every statement would allocate two strings per record for nothing.
/// The table holds its entries weakly, so they go with their sessions.
/// </summary>
internal static class Subjects
{
    private static readonly ConditionalWeakTable<SessionFacts, Subject> Cache = new();

    public static Subject Of(SessionFacts facts) => Cache.GetValue(facts, Create);

    private static Subject Create(SessionFacts facts) => new()
    {
        Login = facts.Login,
        ClientAddress = facts.ClientEndPoint is { } endPoint ? Address(endPoint.Address) : null,
        ClientPort = facts.ClientEndPoint?.Port,
        ApplicationName = string.IsNullOrEmpty(facts.ApplicationName) ? null : facts.ApplicationName,
        SessionId = facts.SessionId.ToString(CultureInfo.InvariantCulture),
    };

    // Dual-stack listeners see IPv4 clients as ::ffff:a.b.c.d; auditors search for a.b.c.d.
    private static string Address(IPAddress address) => (address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address).ToString();
}
