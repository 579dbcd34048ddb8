using System.Text.Json;

namespace MaskingProxy.AuditLog.Records;

/// <summary>
/// Who acted: the authenticated login from the startup/login packet (never a role changed by
/// SET ROLE), the client endpoint, the client-supplied application name, and the proxy's session id.
/// JSON: <c>{"address":…,"application":…,"login":…,"port":…,"session":…}</c>, absent members omitted.
/// </summary>
public sealed record Subject
{
    public required string Login { get; init; }

    public string? ClientAddress { get; init; }

    public int? ClientPort { get; init; }

    public string? ApplicationName { get; init; }

    public string? SessionId { get; init; }

    internal void Write(CanonicalJsonWriter w)
    {
        w.StartObject();
        w.OptionalString("address"u8, ClientAddress, FieldCaps.ClientAddress);
        w.OptionalString("application"u8, ApplicationName, FieldCaps.ApplicationName);
        w.String("login"u8, Login, FieldCaps.Login);
        w.OptionalInteger("port"u8, ClientPort);
        w.OptionalString("session"u8, SessionId, FieldCaps.SessionId);
        w.EndObject();
    }

    internal static Subject Read(JsonElement e) => new()
    {
        ClientAddress = Json.OptionalString(e, "address"),
        ApplicationName = Json.OptionalString(e, "application"),
        Login = Json.RequiredString(e, "login"),
        ClientPort = (int?)Json.OptionalInt64(e, "port"),
        SessionId = Json.OptionalString(e, "session"),
    };
}
