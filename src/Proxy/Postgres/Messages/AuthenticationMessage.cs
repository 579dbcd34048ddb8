using System.Buffers;
using MaskingProxy.Proxy.Postgres.Protocol;

namespace MaskingProxy.Proxy.Postgres.Messages;

/// <summary>
/// Authentication ('R', docs §55.7). For AuthenticationSASL the body lists mechanism names, which
/// the proxy may need to filter (channel binding cannot cross a TLS-terminating proxy).
/// </summary>
public static class AuthenticationMessage
{
    public static bool TryParseCode(ReadOnlySpan<byte> body, out AuthenticationCode code)
    {
        code = default;
        if (body.Length < 4)
        {
            return false;
        }
        code = (AuthenticationCode)PgWire.ReadInt32(body);
        return true;
    }

    public static bool TryParseMechanisms(ReadOnlySpan<byte> body, out List<string> mechanisms)
    {
        mechanisms = [];
        var offset = 4;
        while (true)
        {
            if (!PgWire.TryReadCString(body, ref offset, out var name))
            {
                return false;
            }
            if (name.Length == 0)
            {
                return offset == body.Length;
            }
            mechanisms.Add(name);
        }
    }

    public static void WriteSasl(IBufferWriter<byte> writer, IReadOnlyList<string> mechanisms)
    {
        var bodyLength = 4 + 1;
        foreach (var m in mechanisms)
        {
            bodyLength += PgWire.CStringByteCount(m);
        }
        var span = writer.GetSpan(PgWire.HeaderLength + bodyLength);
        PgWire.WriteHeader(span, (byte)BackendCode.Authentication, bodyLength);
        PgWire.WriteInt32(span[5..], (int)AuthenticationCode.Sasl);
        var offset = 9;
        foreach (var m in mechanisms)
        {
            offset += PgWire.WriteCString(span[offset..], m);
        }
        span[offset++] = 0;
        writer.Advance(offset);
    }
}
