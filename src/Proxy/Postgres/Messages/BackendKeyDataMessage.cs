using System.Buffers;
using MaskingProxy.Proxy.Postgres.Protocol;

namespace MaskingProxy.Proxy.Postgres.Messages;

/// <summary>BackendKeyData (docs §55.7): the process id and secret a client needs to cancel.</summary>
public readonly record struct BackendKeyDataMessage(int ProcessId, int SecretKey)
{
    public static bool TryParse(ReadOnlySpan<byte> body, out BackendKeyDataMessage message)
    {
        message = default;
        if (body.Length != 8)
        {
            return false;
        }
        message = new BackendKeyDataMessage(PgWire.ReadInt32(body), PgWire.ReadInt32(body[4..]));
        return true;
    }

    public void Write(IBufferWriter<byte> writer)
    {
        var span = writer.GetSpan(13);
        PgWire.WriteHeader(span, (byte)BackendCode.BackendKeyData, 8);
        PgWire.WriteInt32(span[5..], ProcessId);
        PgWire.WriteInt32(span[9..], SecretKey);
        writer.Advance(13);
    }
}
