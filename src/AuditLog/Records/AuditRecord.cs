using System.Text.Json;

namespace MaskingProxy.AuditLog.Records;

/// <summary>
/// One audit event. A sealed line is
/// <c>{"chain":…,"event":{…},"seq":…,"ts":…,"type":…,"v":1,"hash":…,"mac":…[,"sig":…]}</c>;
/// subclasses define only the <c>event</c> object and their <see cref="Type"/>. Chain, sequence
/// number, hash and MAC are assigned by the writer.
/// </summary>
public abstract class AuditRecord
{
    /// <summary>
    /// When the event happened (UTC, stored with microsecond precision). Left at default, the
    /// writer stamps the time of <c>AppendAsync</c>.
    /// </summary>
    public DateTimeOffset Timestamp { get; init; }

    /// <summary>The record's <c>type</c> value, one of <see cref="AuditRecordTypes"/>.</summary>
    public abstract string Type { get; }

    /// <summary>Writes the event object, braces included, members in ascending key order.</summary>
    internal abstract void WriteEvent(CanonicalJsonWriter writer);

    /// <summary>Appends the event object's canonical bytes to <paramref name="body"/>; a record type may cache them.</summary>
    internal virtual void WriteEventTo(ByteBuffer body) => WriteEvent(new CanonicalJsonWriter(body));

    internal static string Require(string? value, string name)
        => value ?? throw new ArgumentException($"{name} is required.", name);

    internal static JsonElement EventOf(JsonElement root) => root.GetProperty("event");
}
