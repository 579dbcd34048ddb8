using System.Buffers;

namespace MaskingProxy.Proxy.Transport;

/// <summary>
/// Collects what one pump forwards from one receive buffer. Messages that pass unchanged are
/// recorded as a range of the source buffer, so the common case writes the received bytes with no
/// copy; the first replaced or dropped message switches to copying everything into an output
/// buffer, which keeps message order exact.
/// </summary>
public sealed class ForwardPlan : IDisposable
{
    private readonly PooledBuffer _output = new(8192);
    private ReadOnlyMemory<byte> _source;
    private int _passStart = -1;
    private int _passEnd;
    private bool _copying;

    public void Begin(ReadOnlyMemory<byte> source)
    {
        _source = source;
        _passStart = -1;
        _passEnd = 0;
        _copying = false;
        _output.Reset();
    }

    public bool IsEmpty => _copying ? _output.Length == 0 : _passStart < 0;

    /// <summary>Forwards <paramref name="length"/> source bytes at <paramref name="offset"/> as they are.</summary>
    public void Pass(int offset, int length)
    {
        if (length == 0)
        {
            return;
        }
        if (_copying)
        {
            _output.Write(_source.Span.Slice(offset, length));
        }
        else if (_passStart < 0)
        {
            _passStart = offset;
            _passEnd = offset + length;
        }
        else if (offset == _passEnd)
        {
            _passEnd += length;
        }
        else
        {
            SwitchToCopy();
            _output.Write(_source.Span.Slice(offset, length));
        }
    }

    /// <summary>Returns the writer for bytes that replace (or, when nothing is written, drop) a message.</summary>
    public IBufferWriter<byte> Replace()
    {
        if (!_copying)
        {
            SwitchToCopy();
        }
        return _output;
    }

    public ReadOnlyMemory<byte> Result => _copying
        ? _output.WrittenMemory
        : _passStart < 0 ? ReadOnlyMemory<byte>.Empty : _source[_passStart.._passEnd];

    public void Dispose() => _output.Dispose();

    private void SwitchToCopy()
    {
        if (_passStart >= 0)
        {
            _output.Write(_source.Span[_passStart.._passEnd]);
        }
        _passStart = -1;
        _copying = true;
    }
}
