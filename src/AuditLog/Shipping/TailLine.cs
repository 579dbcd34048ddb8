namespace MaskingProxy.AuditLog.Shipping;

/// <summary>One complete line of a <see cref="TailBatch"/>: its bytes in the batch buffer (without the line feed) and where it ends in its segment.</summary>
internal readonly record struct TailLine(int Start, int Length, string Segment, long EndOffset);
