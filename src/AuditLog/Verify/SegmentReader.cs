using System.Buffers;
using MaskingProxy.AuditLog.Records;

namespace MaskingProxy.AuditLog.Verify;

/// <summary>
/// Reads a segment file line by line into one pooled buffer (no per-line allocation). A returned
/// line stays valid until the next call. Lines longer than <see cref="FieldCaps.MaxLineBytes"/>
/// are reported as <see cref="LineState.TooLong"/> instead of growing the buffer without bound.
/// Reading may start at any offset (the shipper resumes after the last line it shipped).
/// <para>A zero byte ends the data: the writer reserves space ahead of its appends by writing zeros
/// (JSON lines never hold a raw NUL). Bytes before it on the same line are returned as an
/// unterminated line (torn, or still being written); what follows is not read.</para>
/// </summary>
internal sealed class SegmentReader : IDisposable
{
    private const int ChunkSize = 1 << 20;
    private readonly FileStream _stream;
    private byte[] _buffer;
    private int _start;
    private int _end;
    private long _bufferOffset;
    private bool _eof;

    /// <param name="path">The segment file.</param>
    /// <param name="start">File offset to read from; a line boundary (or the file is read from the middle of a line).</param>
    public SegmentReader(string path, long start = 0)
    {
        _stream = SharedRead.Open(path, FileOptions.SequentialScan);
        _stream.Position = start;
        _bufferOffset = start;
        _buffer = ArrayPool<byte>.Shared.Rent(ChunkSize + FieldCaps.MaxLineBytes + 1);
    }

    public enum LineState
    {
        Complete,
        Unterminated,
        TooLong,
    }

    /// <summary>The buffer that <see cref="Next"/>'s line points into (for hashing without copying).</summary>
    public byte[] Buffer => _buffer;

    /// <summary>Current length of the file (it may be shorter than the start offset: cut after a write failure).</summary>
    public long Length => _stream.Length;

    /// <summary>
    /// File offset just past the line feed of the line <see cref="Next"/> returned last, or -1 when
    /// that line has none (it runs to the end of the file: torn, or still being appended). Needed for
    /// over-long lines, whose returned length stops short of their end.
    /// </summary>
    public long LineEnd { get; private set; } = -1;

    /// <summary>File offset where the data ends (reserved zeros begin, or the end of the file) once <see cref="Next"/> returned false.</summary>
    public long DataEnd { get; private set; } = -1;

    /// <summary>Reads the next line (without its line feed); false at end of file.</summary>
    /// <param name="start">Index of the line's first byte in <see cref="Buffer"/>.</param>
    /// <param name="length">Line length without the line feed.</param>
    /// <param name="offset">File offset of the line's first byte.</param>
    public bool Next(out int start, out int length, out long offset, out LineState state)
    {
        while (true)
        {
            var newline = _buffer.AsSpan(_start, _end - _start).IndexOfAny((byte)'\n', (byte)0);
            if (newline >= 0 && _buffer[_start + newline] == 0)
            {
                // Reserved space: the data ends here, as the file would (what precedes on this line is unterminated).
                _end = _start + newline;
                _eof = true;
                newline = -1;
            }

            if (newline >= 0)
            {
                start = _start;
                length = newline;
                offset = _bufferOffset + _start;
                state = newline > FieldCaps.MaxLineBytes ? LineState.TooLong : LineState.Complete;
                _start += newline + 1;
                LineEnd = _bufferOffset + _start;
                return true;
            }

            if (_end - _start > FieldCaps.MaxLineBytes)
            {
                // No line feed within the maximum line length: return the rest of the file as one bad line.
                start = _start;
                length = _end - _start;
                offset = _bufferOffset + _start;
                state = LineState.TooLong;
                _start = _end;
                LineEnd = SkipToNextLine() ? _bufferOffset + _start : -1;
                return true;
            }

            if (_eof)
            {
                if (_end > _start)
                {
                    start = _start;
                    length = _end - _start;
                    offset = _bufferOffset + _start;
                    state = LineState.Unterminated;
                    _start = _end;
                    LineEnd = -1;
                    return true;
                }

                start = length = 0;
                offset = _bufferOffset + _end;
                state = LineState.Complete;
                DataEnd = offset;
                return false;
            }

            Fill();
        }
    }

    public void Dispose()
    {
        _stream.Dispose();
        if (_buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
        }
    }

    private void Fill()
    {
        if (_start > 0)
        {
            var remaining = _end - _start;
            System.Buffer.BlockCopy(_buffer, _start, _buffer, 0, remaining);
            _bufferOffset += _start;
            _start = 0;
            _end = remaining;
        }

        var read = _stream.Read(_buffer, _end, Math.Min(ChunkSize, _buffer.Length - _end));
        if (read == 0)
        {
            _eof = true;
        }

        _end += read;
    }

    /// <summary>Drops bytes up to and including the next line feed; false when the file ends first.</summary>
    private bool SkipToNextLine()
    {
        while (!_eof)
        {
            _bufferOffset += _end;
            _start = _end = 0;
            Fill();
            var newline = _buffer.AsSpan(0, _end).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                _start = newline + 1;
                return true;
            }
        }

        return false;
    }
}
