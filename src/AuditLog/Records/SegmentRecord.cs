using System.Text.Json;

namespace MaskingProxy.AuditLog.Records;

/// <summary>
/// First record of every segment file (type "segment"), written by the writer only. It names the
/// segment's own number (so a renamed or swapped file is detected) and repeats the hash of the
/// previous record (all zeros for a chain's first segment), so one segment can be checked on its
/// own, which the writer does for the last segment at start-up.
/// </summary>
public sealed class SegmentRecord : AuditRecord
{
    public override string Type => AuditRecordTypes.Segment;

    public required long Number { get; init; }

    public required string PrevHash { get; init; }

    /// <summary>File name of the previous segment; absent for the chain's first segment.</summary>
    public string? PrevSegment { get; init; }

    internal override void WriteEvent(CanonicalJsonWriter w)
    {
        w.StartObject();
        w.Integer("number"u8, Number);
        w.String("prev_hash"u8, PrevHash, FieldCaps.Hash);
        w.OptionalString("prev_segment"u8, PrevSegment, FieldCaps.SegmentName);
        w.EndObject();
    }

    internal static SegmentRecord Read(JsonElement e, DateTimeOffset ts) => new()
    {
        Timestamp = ts,
        Number = Json.RequiredInt64(e, "number"),
        PrevHash = Json.RequiredString(e, "prev_hash"),
        PrevSegment = Json.OptionalString(e, "prev_segment"),
    };
}
