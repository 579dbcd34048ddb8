using System.Text.Json;

namespace MaskingProxy.AuditLog.Records;

/// <summary>The proxy is stopping (type "proxy_stop"); the writer's final checkpoint follows it.</summary>
public sealed class ProxyStopRecord : AuditRecord
{
    public override string Type => AuditRecordTypes.ProxyStop;

    public string? Host { get; init; }

    public long? ProcessId { get; init; }

    /// <summary>"SIGTERM", "shutdown requested", …</summary>
    public string? Reason { get; init; }

    internal override void WriteEvent(CanonicalJsonWriter w)
    {
        w.StartObject();
        w.OptionalString("host"u8, Host, FieldCaps.Host);
        w.OptionalInteger("pid"u8, ProcessId);
        w.OptionalString("reason"u8, Reason, FieldCaps.Reason);
        w.EndObject();
    }

    internal static ProxyStopRecord Read(JsonElement e, DateTimeOffset ts) => new()
    {
        Timestamp = ts,
        Host = Json.OptionalString(e, "host"),
        ProcessId = Json.OptionalInt64(e, "pid"),
        Reason = Json.OptionalString(e, "reason"),
    };
}
