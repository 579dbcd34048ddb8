using System.Buffers;
using MaskingProxy.Proxy.Postgres.Protocol;

namespace MaskingProxy.Proxy.Postgres.Messages;

/// <summary>Query (simple protocol, docs §55.2.2): one C string holding one or more statements.</summary>
public static class QueryMessage
{
    /// <summary>Parses a Query body; <paramref name="recent"/> decodes the text.</summary>
    internal static bool TryParse(ReadOnlySpan<byte> body, out string text, RecentTexts recent)
    {
        var offset = 0;
        return PgWire.TryReadCString(body, ref offset, out text, recent) && offset == body.Length;
    }

    /// <summary>Checks a Query body's layout without decoding the text (for sessions that never read it).</summary>
    public static bool IsWellFormed(ReadOnlySpan<byte> body)
    {
        var offset = 0;
        return PgWire.TrySkipCString(body, ref offset) && offset == body.Length;
    }

    public static void Write(IBufferWriter<byte> writer, string text)
    {
        var bodyLength = PgWire.CStringByteCount(text);
        var span = writer.GetSpan(PgWire.HeaderLength + bodyLength);
        PgWire.WriteHeader(span, (byte)FrontendCode.Query, bodyLength);
        PgWire.WriteCString(span[PgWire.HeaderLength..], text);
        writer.Advance(PgWire.HeaderLength + bodyLength);
    }
}
