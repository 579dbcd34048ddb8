using System.Text;
using System.Text.Json;

namespace MaskingProxy.AuditLog.Records;

/// <summary>Parses stored lines into typed records (search, tools). Integrity is the verifier's job, not this one's.</summary>
public static class AuditRecordParser
{
    /// <summary>Parses one line (without its line feed).</summary>
    /// <exception cref="FormatException">The line is not a record.</exception>
    public static AuditEntry Parse(ReadOnlySpan<byte> line, string? segment = null)
    {
        using var doc = Open(line.ToArray());
        var root = doc.RootElement;
        var record = ReadRecord(root);
        return new AuditEntry
        {
            ChainId = Json.RequiredString(root, "chain"),
            Seq = Json.RequiredInt64(root, "seq"),
            Hash = Json.RequiredString(root, "hash"),
            Mac = Json.RequiredString(root, "mac"),
            Signature = Json.OptionalString(root, "sig"),
            Record = record,
            Line = Encoding.UTF8.GetString(line),
            Segment = segment,
        };
    }

    /// <summary>Parses one line of text.</summary>
    public static AuditEntry Parse(string line, string? segment = null) => Parse(Encoding.UTF8.GetBytes(line), segment);

    /// <summary>
    /// Chain, seq and typed record of one line, for the shipper: no copy of the line (the document
    /// reads <paramref name="line"/> in place) and none of the entry's other strings.
    /// </summary>
    /// <exception cref="FormatException">The line is not a record.</exception>
    internal static (string ChainId, long Seq, AuditRecord Record) ParseRecord(ReadOnlyMemory<byte> line)
    {
        using var doc = Open(line);
        var root = doc.RootElement;
        var record = ReadRecord(root);
        return (Json.RequiredString(root, "chain"), Json.RequiredInt64(root, "seq"), record);
    }

    /// <summary>
    /// The typed record of a parsed line or shipped document: only <c>ts</c>, <c>type</c> and
    /// <c>event</c> are read. The result holds no reference to <paramref name="root"/>.
    /// </summary>
    /// <exception cref="FormatException">They do not form a record.</exception>
    internal static AuditRecord ReadRecord(JsonElement root)
    {
        var ts = RecordTimestamp.Parse(Json.RequiredString(root, "ts"));
        var type = Json.RequiredString(root, "type");
        var evt = Json.RequiredObject(root, "event");
        return type switch
        {
            AuditRecordTypes.Statement => StatementRecord.Read(evt, ts),
            AuditRecordTypes.StatementOutcome => StatementOutcomeRecord.Read(evt, ts),
            AuditRecordTypes.Connection => ConnectionRecord.Read(evt, ts),
            AuditRecordTypes.Authentication => AuthenticationRecord.Read(evt, ts),
            AuditRecordTypes.Policy => PolicyRecord.Read(evt, ts),
            AuditRecordTypes.ProxyStart => ProxyStartRecord.Read(evt, ts),
            AuditRecordTypes.ProxyStop => ProxyStopRecord.Read(evt, ts),
            AuditRecordTypes.Checkpoint => CheckpointRecord.Read(evt, ts),
            AuditRecordTypes.Recovery => RecoveryRecord.Read(evt, ts),
            AuditRecordTypes.Segment => SegmentRecord.Read(evt, ts),
            _ => new UnknownRecord(type, evt.Clone()) { Timestamp = ts },
        };
    }

    private static JsonDocument Open(ReadOnlyMemory<byte> line)
    {
        try
        {
            return JsonDocument.Parse(line);
        }
        catch (JsonException ex)
        {
            throw new FormatException("Not a JSON record line: " + ex.Message, ex);
        }
    }
}
