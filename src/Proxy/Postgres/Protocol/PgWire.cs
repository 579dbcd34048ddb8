using System.Buffers.Binary;
using System.Text;

namespace MaskingProxy.Proxy.Postgres.Protocol;

/// <summary>Primitive readers and writers of the PostgreSQL wire format: big-endian integers, C strings.</summary>
public static class PgWire
{
    /// <summary>Length of a typed message header: one type byte and the int32 length (which counts itself).</summary>
    public const int HeaderLength = 5;

    public static int ReadInt32(ReadOnlySpan<byte> span) => BinaryPrimitives.ReadInt32BigEndian(span);

    public static short ReadInt16(ReadOnlySpan<byte> span) => BinaryPrimitives.ReadInt16BigEndian(span);

    /// <summary>Reads a NUL-terminated UTF-8 string at <paramref name="offset"/>; false when no terminator.</summary>
    public static bool TryReadCString(ReadOnlySpan<byte> span, ref int offset, out string value) =>
        TryReadCString(span, ref offset, out value, null);

    /// <summary>Reads a NUL-terminated string; <paramref name="recent"/> (when given) decodes it.</summary>
    internal static bool TryReadCString(ReadOnlySpan<byte> span, ref int offset, out string value, RecentTexts? recent)
    {
        if (offset > span.Length)
        {
            value = string.Empty;
            return false;
        }
        var rest = span[offset..];
        var nul = rest.IndexOf((byte)0);
        if (nul < 0)
        {
            value = string.Empty;
            return false;
        }
        value = recent is null ? Encoding.UTF8.GetString(rest[..nul]) : recent.Decode(rest[..nul]);
        offset += nul + 1;
        return true;
    }

    /// <summary>Steps over a NUL-terminated string without decoding it; false when no terminator.</summary>
    public static bool TrySkipCString(ReadOnlySpan<byte> span, ref int offset)
    {
        if (offset > span.Length)
        {
            return false;
        }
        var nul = span[offset..].IndexOf((byte)0);
        if (nul < 0)
        {
            return false;
        }
        offset += nul + 1;
        return true;
    }

    public static int CStringByteCount(string value) => Encoding.UTF8.GetByteCount(value) + 1;

    public static int WriteCString(Span<byte> destination, string value)
    {
        var n = Encoding.UTF8.GetBytes(value, destination);
        destination[n] = 0;
        return n + 1;
    }

    public static void WriteInt32(Span<byte> destination, int value) => BinaryPrimitives.WriteInt32BigEndian(destination, value);

    public static void WriteInt16(Span<byte> destination, short value) => BinaryPrimitives.WriteInt16BigEndian(destination, value);

    /// <summary>Writes a typed message header; <paramref name="bodyLength"/> excludes the length field itself.</summary>
    public static void WriteHeader(Span<byte> destination, byte code, int bodyLength)
    {
        destination[0] = code;
        BinaryPrimitives.WriteInt32BigEndian(destination[1..], bodyLength + 4);
    }
}
