using System.Text.Json;

namespace MaskingProxy.AuditLog.Records;

/// <summary>A client connection opened or closed (type "connection").</summary>
public sealed class ConnectionRecord : AuditRecord
{
    public override string Type => AuditRecordTypes.Connection;

    public required ConnectionPhase Phase { get; init; }

    public required Subject Subject { get; init; }

    public string? Database { get; init; }

    public string? Protocol { get; init; }

    /// <summary>Whether the client side uses TLS, when known.</summary>
    public bool? Tls { get; init; }

    /// <summary>Why the connection closed (client terminate, backend gone, refused…).</summary>
    public string? Reason { get; init; }

    /// <summary>Connection lifetime in microseconds (on close).</summary>
    public long? DurationMicros { get; init; }

    internal override void WriteEvent(CanonicalJsonWriter w)
    {
        w.StartObject();
        w.OptionalString("database"u8, Database, FieldCaps.Database);
        w.OptionalInteger("duration_us"u8, DurationMicros);
        w.String("phase"u8, WireNames.Of(Phase), FieldCaps.Kind);
        w.OptionalString("protocol"u8, Protocol, FieldCaps.Protocol);
        w.OptionalString("reason"u8, Reason, FieldCaps.Reason);
        w.Name("subject"u8);
        Subject.Write(w);
        if (Tls is { } tls)
        {
            w.Name("tls"u8);
            w.Boolean(tls);
        }

        w.EndObject();
    }

    internal static ConnectionRecord Read(JsonElement e, DateTimeOffset ts) => new()
    {
        Timestamp = ts,
        Database = Json.OptionalString(e, "database"),
        DurationMicros = Json.OptionalInt64(e, "duration_us"),
        Phase = Json.Enum(e, "phase", WireNames.ParseConnectionPhase),
        Protocol = Json.OptionalString(e, "protocol"),
        Reason = Json.OptionalString(e, "reason"),
        Subject = Subject.Read(Json.RequiredObject(e, "subject")),
        Tls = Json.OptionalBoolean(e, "tls"),
    };
}
