namespace MaskingProxy.AuditLog.Shipping;

/// <summary>
/// How far shipping has got: every complete line before <see cref="Offset"/> in
/// <see cref="Segment"/> (and every earlier segment) is confirmed stored in Elasticsearch.
/// <see cref="Seq"/> and <see cref="Chain"/> name the last record shipped; on resume the shipper
/// checks that the line before the offset is that record, so a replaced audit directory is noticed.
/// </summary>
public sealed record ShipperPosition(string Segment, long Offset, long Seq, string? Chain)
{
    /// <summary>The start of a directory: the first segment, nothing shipped.</summary>
    public static ShipperPosition Start(string firstSegment) => new(firstSegment, 0, 0, null);
}
