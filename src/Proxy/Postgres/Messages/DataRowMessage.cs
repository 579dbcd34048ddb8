using System.Buffers;
using System.Text;
using MaskingProxy.Proxy.Postgres.Protocol;

namespace MaskingProxy.Proxy.Postgres.Messages;

/// <summary>
/// DataRow (docs §55.7): int16 column count, then per column an int32 length (-1 = NULL) and the
/// value bytes. The proxy rewrites rows only to replace hash-masked columns.
/// </summary>
public static class DataRowMessage
{
    /// <summary>
    /// Copies the row to <paramref name="writer"/> with each non-NULL value for which
    /// <paramref name="rewrite"/> returns a replacement replaced by it (null: keep the value; NULL stays
    /// NULL). False when the row is malformed.
    /// </summary>
    public static bool TryRewrite<TState>(ReadOnlySpan<byte> body, IBufferWriter<byte> writer, TState state, Func<TState, int, ReadOnlySpan<byte>, string?> rewrite)
    {
        if (body.Length < 2)
        {
            return false;
        }
        var count = PgWire.ReadInt16(body);
        if (count < 0)
        {
            return false;
        }
        using var output = new Transport.PooledBuffer(body.Length + 64);
        var header = output.GetSpan(2);
        PgWire.WriteInt16(header, count);
        output.Advance(2);
        var offset = 2;
        for (var column = 0; column < count; column++)
        {
            if (body.Length - offset < 4)
            {
                return false;
            }
            var length = PgWire.ReadInt32(body[offset..]);
            offset += 4;
            if (length < -1 || (length > 0 && body.Length - offset < length))
            {
                return false;
            }
            var value = length > 0 ? body.Slice(offset, length) : ReadOnlySpan<byte>.Empty;
            offset += Math.Max(length, 0);
            if (length >= 0 && rewrite(state, column, value) is { } replaced)
            {
                WriteValue(output, Encoding.UTF8.GetBytes(replaced));
            }
            else
            {
                var span = output.GetSpan(4 + Math.Max(length, 0));
                PgWire.WriteInt32(span, length);
                value.CopyTo(span[4..]);
                output.Advance(4 + Math.Max(length, 0));
            }
        }
        if (offset != body.Length)
        {
            return false;
        }
        var message = writer.GetSpan(PgWire.HeaderLength + output.Length);
        PgWire.WriteHeader(message, (byte)BackendCode.DataRow, output.Length);
        output.WrittenSpan.CopyTo(message[PgWire.HeaderLength..]);
        writer.Advance(PgWire.HeaderLength + output.Length);
        return true;
    }

    /// <summary>The UTF-8 text of column <paramref name="column"/>; false when it is NULL or the row is malformed.</summary>
    public static bool TryGetText(ReadOnlySpan<byte> body, int column, out string text)
    {
        text = string.Empty;
        if (body.Length < 2 || column < 0 || column >= PgWire.ReadInt16(body))
        {
            return false;
        }
        var offset = 2;
        for (var i = 0; ; i++)
        {
            if (body.Length - offset < 4)
            {
                return false;
            }
            var length = PgWire.ReadInt32(body[offset..]);
            offset += 4;
            if (length > body.Length - offset)
            {
                return false;
            }
            if (i == column)
            {
                if (length < 0)
                {
                    return false;
                }
                text = Encoding.UTF8.GetString(body.Slice(offset, length));
                return true;
            }
            offset += Math.Max(length, 0);
        }
    }

    private static void WriteValue(Transport.PooledBuffer output, byte[] value)
    {
        var span = output.GetSpan(4 + value.Length);
        PgWire.WriteInt32(span, value.Length);
        value.CopyTo(span[4..]);
        output.Advance(4 + value.Length);
    }
}
