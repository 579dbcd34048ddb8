using System.Buffers;
using MaskingProxy.Proxy.Postgres.Protocol;

namespace MaskingProxy.Proxy.Postgres.Messages;

/// <summary>Execute (docs §55.7): portal name, then the row limit (0 = no limit), which the proxy leaves alone.</summary>
public static class ExecuteMessage
{
    public static bool TryParse(ReadOnlySpan<byte> body, out string portal)
    {
        var offset = 0;
        if (!PgWire.TryReadCString(body, ref offset, out portal) || body.Length - offset != 4)
        {
            return false;
        }
        return true;
    }

    /// <summary>Writes an Execute of <paramref name="portal"/> with no row limit.</summary>
    public static void Write(IBufferWriter<byte> writer, string portal)
    {
        var bodyLength = PgWire.CStringByteCount(portal) + 4;
        var span = writer.GetSpan(PgWire.HeaderLength + bodyLength);
        PgWire.WriteHeader(span, (byte)FrontendCode.Execute, bodyLength);
        var offset = PgWire.HeaderLength + PgWire.WriteCString(span[PgWire.HeaderLength..], portal);
        PgWire.WriteInt32(span[offset..], 0);
        writer.Advance(offset + 4);
    }
}
