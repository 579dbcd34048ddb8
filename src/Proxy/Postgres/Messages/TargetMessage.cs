using System.Buffers;
using MaskingProxy.Proxy.Postgres.Protocol;

namespace MaskingProxy.Proxy.Postgres.Messages;

/// <summary>The shared body of Describe and Close (docs §55.7): a kind byte then a name.</summary>
public readonly record struct TargetMessage(TargetKind Kind, string Name)
{
    public static bool TryParse(ReadOnlySpan<byte> body, out TargetMessage message)
    {
        message = default;
        if (body.Length < 2 || (body[0] != (byte)TargetKind.Statement && body[0] != (byte)TargetKind.Portal))
        {
            return false;
        }
        var offset = 1;
        if (!PgWire.TryReadCString(body, ref offset, out var name) || offset != body.Length)
        {
            return false;
        }
        message = new TargetMessage((TargetKind)body[0], name);
        return true;
    }

    /// <summary>Writes the message with <paramref name="code"/> (Describe or Close).</summary>
    public void Write(IBufferWriter<byte> writer, FrontendCode code)
    {
        var bodyLength = 1 + PgWire.CStringByteCount(Name);
        var span = writer.GetSpan(PgWire.HeaderLength + bodyLength);
        PgWire.WriteHeader(span, (byte)code, bodyLength);
        span[PgWire.HeaderLength] = (byte)Kind;
        var written = PgWire.HeaderLength + 1 + PgWire.WriteCString(span[(PgWire.HeaderLength + 1)..], Name);
        writer.Advance(written);
    }
}
