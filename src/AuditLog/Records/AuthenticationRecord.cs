using System.Text.Json;

namespace MaskingProxy.AuditLog.Records;

/// <summary>The outcome of authentication relayed between client and backend (type "authentication").</summary>
public sealed class AuthenticationRecord : AuditRecord
{
    public override string Type => AuditRecordTypes.Authentication;

    public required AuthenticationOutcome Outcome { get; init; }

    public required Subject Subject { get; init; }

    public string? Database { get; init; }

    public string? Protocol { get; init; }

    /// <summary>"cleartext", "md5", "scram-sha-256", "sql", …</summary>
    public string? Method { get; init; }

    public string? SqlState { get; init; }

    public string? Reason { get; init; }

    internal override void WriteEvent(CanonicalJsonWriter w)
    {
        w.StartObject();
        w.OptionalString("database"u8, Database, FieldCaps.Database);
        w.OptionalString("method"u8, Method, FieldCaps.Method);
        w.String("outcome"u8, WireNames.Of(Outcome), FieldCaps.Kind);
        w.OptionalString("protocol"u8, Protocol, FieldCaps.Protocol);
        w.OptionalString("reason"u8, Reason, FieldCaps.Reason);
        w.OptionalString("sqlstate"u8, SqlState, FieldCaps.SqlState);
        w.Name("subject"u8);
        Subject.Write(w);
        w.EndObject();
    }

    internal static AuthenticationRecord Read(JsonElement e, DateTimeOffset ts) => new()
    {
        Timestamp = ts,
        Database = Json.OptionalString(e, "database"),
        Method = Json.OptionalString(e, "method"),
        Outcome = Json.Enum(e, "outcome", WireNames.ParseAuthenticationOutcome),
        Protocol = Json.OptionalString(e, "protocol"),
        Reason = Json.OptionalString(e, "reason"),
        SqlState = Json.OptionalString(e, "sqlstate"),
        Subject = Subject.Read(Json.RequiredObject(e, "subject")),
    };
}
