using MaskingProxy.AuditLog.Records;

namespace MaskingProxy.AuditLog.Shipping;

/// <summary>Complete lines read from the segments after a position, copied into one buffer.</summary>
internal sealed class TailBatch : IDisposable
{
    public ByteBuffer Data { get; } = new(64 * 1024);

    public List<TailLine> Lines { get; } = [];

    /// <summary>Where reading stopped: after the last line, or at the start of a segment reached without lines.</summary>
    public required string EndSegment { get; set; }

    public required long EndOffset { get; set; }

    /// <summary>The current segment is shorter than the position: bytes we may have shipped were cut (write-failure recovery).</summary>
    public bool Truncated { get; set; }

    /// <summary>Lines that can never be shipped (torn line in a finished segment, over-long line), for the log and the poison counter.</summary>
    public List<string> Skipped { get; } = [];

    public ReadOnlySpan<byte> Line(TailLine line) => Data.Span.Slice(line.Start, line.Length);

    public void Dispose() => Data.Dispose();
}
