using MaskingProxy.Proxy.Postgres.Protocol;

namespace MaskingProxy.Proxy.Transport;

/// <summary>
/// Frames typed PostgreSQL messages (type byte + int32 length) out of one direction's receive
/// buffer. Lengths are checked before anything is buffered; a message that is not complete yet is
/// either streamed through in pieces (when the direction allows it for that type, e.g. COPY data
/// or a huge DataRow) or reported as the number of bytes still needed. One instance per direction:
/// it remembers how much of a streamed message is still to come.
/// </summary>
public sealed class MessageFramer
{
    private readonly Func<byte, int, bool> _streamable;
    private readonly Action<byte, int> _checkLength;
    private int _streamRemaining;

    /// <param name="streamable">Whether an incomplete message of this type and length may pass in pieces.</param>
    /// <param name="checkLength">Throws <see cref="Postgres.ProtocolViolationException"/> for a length this direction does not accept.</param>
    public MessageFramer(Func<byte, int, bool> streamable, Action<byte, int> checkLength)
    {
        _streamable = streamable;
        _checkLength = checkLength;
    }

    /// <summary>
    /// Finds the next whole message at or after <paramref name="offset"/>, passing streamed bytes to
    /// <paramref name="plan"/> on the way. True with the message's type and total length (type byte
    /// included) at <paramref name="offset"/>; false when the buffer is used up, with
    /// <paramref name="needed"/> the contiguous bytes the next message requires (0: any more).
    /// </summary>
    public bool Next(ReadOnlySpan<byte> source, ref int offset, ForwardPlan plan, out byte code, out int total, out int needed)
    {
        code = 0;
        total = 0;
        needed = 0;
        while (true)
        {
            var available = source.Length - offset;
            if (_streamRemaining > 0)
            {
                var chunk = Math.Min(_streamRemaining, available);
                plan.Pass(offset, chunk);
                offset += chunk;
                _streamRemaining -= chunk;
                if (_streamRemaining > 0)
                {
                    return false;
                }
                continue;
            }
            if (available < PgWire.HeaderLength)
            {
                needed = available == 0 ? 0 : PgWire.HeaderLength;
                return false;
            }
            code = source[offset];
            var length = PgWire.ReadInt32(source[(offset + 1)..]);
            _checkLength(code, length);
            total = length + 1;
            if (available >= total)
            {
                return true;
            }
            if (_streamable(code, length))
            {
                plan.Pass(offset, available);
                _streamRemaining = total - available;
                offset += available;
                return false;
            }
            needed = total;
            return false;
        }
    }
}
