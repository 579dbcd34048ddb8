using System.Text.Json;

namespace MaskingProxy.AuditLog.Records;

/// <summary>The proxy started (type "proxy_start").</summary>
public sealed class ProxyStartRecord : AuditRecord
{
    public override string Type => AuditRecordTypes.ProxyStart;

    public string? Host { get; init; }

    public long? ProcessId { get; init; }

    /// <summary>Product version.</summary>
    public string? Version { get; init; }

    internal override void WriteEvent(CanonicalJsonWriter w)
    {
        w.StartObject();
        w.OptionalString("host"u8, Host, FieldCaps.Host);
        w.OptionalInteger("pid"u8, ProcessId);
        w.OptionalString("version"u8, Version, FieldCaps.Version);
        w.EndObject();
    }

    internal static ProxyStartRecord Read(JsonElement e, DateTimeOffset ts) => new()
    {
        Timestamp = ts,
        Host = Json.OptionalString(e, "host"),
        ProcessId = Json.OptionalInt64(e, "pid"),
        Version = Json.OptionalString(e, "version"),
    };
}
