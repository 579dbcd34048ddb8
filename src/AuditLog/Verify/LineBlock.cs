using System.Buffers;
using MaskingProxy.AuditLog.Records;

namespace MaskingProxy.AuditLog.Verify;

/// <summary>
/// A run of consecutive lines of one segment, copied into one buffer so that workers can parse and
/// hash disjoint ranges in parallel while the reader moves on.
/// </summary>
internal sealed class LineBlock : IDisposable
{
    public const int MaxLines = 4096;
    public const int TargetBytes = 4 * 1024 * 1024;

    public LineBlock()
    {
        Data = ArrayPool<byte>.Shared.Rent(TargetBytes + FieldCaps.MaxLineBytes + 1);
    }

    public byte[] Data { get; private set; }

    public int Count { get; private set; }

    public int Bytes { get; private set; }

    public int[] Start { get; } = new int[MaxLines];

    public int[] Length { get; } = new int[MaxLines];

    public long[] Offset { get; } = new long[MaxLines];

    public SegmentReader.LineState[] State { get; } = new SegmentReader.LineState[MaxLines];

    public SealedLine[] Parsed { get; } = new SealedLine[MaxLines];

    public string?[] ParseError { get; } = new string?[MaxLines];

    /// <summary>The prev_hash each parsed line is hashed with: the stored hash of the line before it (a segment record's own prev_hash).</summary>
    public Bytes32[] Prev { get; } = new Bytes32[MaxLines];

    /// <summary>SM3(prev_hash ‖ canonical) of each parsed line.</summary>
    public Bytes32[] Computed { get; } = new Bytes32[MaxLines];

    public LineCheck[] Crypto { get; } = new LineCheck[MaxLines];

    public bool[] SignatureVerified { get; } = new bool[MaxLines];

    /// <summary>Index of the segment the lines come from (in the verifier's list of segments).</summary>
    public int Segment { get; set; }

    /// <summary>The block's last line is the segment's last line.</summary>
    public bool EndOfSegment { get; set; }

    public bool IsFull => Count == MaxLines || Bytes >= TargetBytes;

    public void Clear()
    {
        Count = 0;
        Bytes = 0;
        EndOfSegment = false;
    }

    public void Add(ReadOnlySpan<byte> line, long offset, SegmentReader.LineState state)
    {
        line.CopyTo(Data.AsSpan(Bytes));
        Start[Count] = Bytes;
        Length[Count] = line.Length;
        Offset[Count] = offset;
        State[Count] = state;
        Bytes += line.Length;
        Count++;
    }

    public ReadOnlySpan<byte> Line(int i) => Data.AsSpan(Start[i], Length[i]);

    public void Dispose()
    {
        if (Data.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(Data);
            Data = [];
        }
    }
}
