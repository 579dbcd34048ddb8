using System.Text.Json;

namespace MaskingProxy.AuditLog.Records;

/// <summary>
/// The writer repaired or noticed something (type "recovery"): a torn last line cut at start-up
/// (<see cref="Offset"/>, <see cref="CutBytes"/> and SM3 of the cut bytes, never the bytes
/// themselves), a previous run that ended without a shutdown checkpoint, or a write/fsync failure
/// after which <see cref="Rejected"/> appends were refused.
/// </summary>
public sealed class RecoveryRecord : AuditRecord
{
    public override string Type => AuditRecordTypes.Recovery;

    public required RecoveryKind Kind { get; init; }

    /// <summary>Segment file name concerned.</summary>
    public string? Segment { get; init; }

    /// <summary>Byte offset in the segment where the log was cut or rewritten from.</summary>
    public long? Offset { get; init; }

    public long? CutBytes { get; init; }

    /// <summary>SM3 (hex) of the bytes that were cut.</summary>
    public string? CutSm3 { get; init; }

    /// <summary>Sequence number of the last intact record before the event.</summary>
    public long? LastSeq { get; init; }

    /// <summary>Appends refused (their callers got an error) during a write failure.</summary>
    public long? Rejected { get; init; }

    public string? Detail { get; init; }

    internal override void WriteEvent(CanonicalJsonWriter w)
    {
        w.StartObject();
        w.OptionalInteger("cut_bytes"u8, CutBytes);
        w.OptionalString("cut_sm3"u8, CutSm3, FieldCaps.Hash);
        w.OptionalString("detail"u8, Detail, FieldCaps.Detail);
        w.String("kind"u8, WireNames.Of(Kind), FieldCaps.Kind);
        w.OptionalInteger("last_seq"u8, LastSeq);
        w.OptionalInteger("offset"u8, Offset);
        w.OptionalInteger("rejected"u8, Rejected);
        w.OptionalString("segment"u8, Segment, FieldCaps.SegmentName);
        w.EndObject();
    }

    internal static RecoveryRecord Read(JsonElement e, DateTimeOffset ts) => new()
    {
        Timestamp = ts,
        CutBytes = Json.OptionalInt64(e, "cut_bytes"),
        CutSm3 = Json.OptionalString(e, "cut_sm3"),
        Detail = Json.OptionalString(e, "detail"),
        Kind = Json.Enum(e, "kind", WireNames.ParseRecoveryKind),
        LastSeq = Json.OptionalInt64(e, "last_seq"),
        Offset = Json.OptionalInt64(e, "offset"),
        Rejected = Json.OptionalInt64(e, "rejected"),
        Segment = Json.OptionalString(e, "segment"),
    };
}
