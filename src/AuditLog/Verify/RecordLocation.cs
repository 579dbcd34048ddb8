namespace MaskingProxy.AuditLog.Verify;

/// <summary>Where a checked record came from: a segment file and byte offset, or an Elasticsearch document id.</summary>
internal readonly record struct RecordLocation(string? Segment, long? Offset, string? Document = null)
{
    public static RecordLocation InSegment(string segment, long? offset) => new(segment, offset);

    public static RecordLocation InIndex(string? document) => new(null, null, document);
}
