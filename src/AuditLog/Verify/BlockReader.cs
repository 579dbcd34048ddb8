using System.Buffers;
using MaskingProxy.AuditLog.Records;

namespace MaskingProxy.AuditLog.Verify;

/// <summary>
/// Fills <see cref="LineBlock"/>s from a segment, reading one line ahead so that a block knows
/// whether its last line is the segment's last (a bad last line is a torn tail; a bad line
/// anywhere else is corruption).
/// </summary>
internal sealed class BlockReader : IDisposable
{
    private readonly SegmentReader _reader;
    private byte[] _carry = ArrayPool<byte>.Shared.Rent(FieldCaps.MaxLineBytes + 1);
    private int _carryLength = -1;
    private long _carryOffset;
    private SegmentReader.LineState _carryState;

    public BlockReader(string path) => _reader = new SegmentReader(path);

    /// <summary>Where the segment's data ends (the file's end, or where reserved zeros begin); known once every line was read.</summary>
    public long DataEnd => _reader.DataEnd;

    /// <summary>Fills the block; false when the segment has no more lines.</summary>
    public bool Fill(LineBlock block)
    {
        block.Clear();
        if (_carryLength >= 0)
        {
            block.Add(_carry.AsSpan(0, _carryLength), _carryOffset, _carryState);
            _carryLength = -1;
        }

        while (!block.IsFull)
        {
            if (!_reader.Next(out var start, out var length, out var offset, out var state))
            {
                block.EndOfSegment = true;
                return block.Count > 0;
            }

            block.Add(_reader.Buffer.AsSpan(start, length), offset, state);
        }

        if (_reader.Next(out var s, out var l, out var o, out var st))
        {
            _reader.Buffer.AsSpan(s, l).CopyTo(_carry);
            _carryLength = l;
            _carryOffset = o;
            _carryState = st;
        }
        else
        {
            block.EndOfSegment = true;
        }

        return true;
    }

    public void Dispose()
    {
        _reader.Dispose();
        if (_carry.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_carry);
            _carry = [];
        }
    }
}
