using MaskingProxy.Proxy.Postgres.Protocol;

namespace MaskingProxy.Proxy.Postgres.Messages;

/// <summary>CancelRequest (docs §55.2.7): int32 16, int32 80877102, process id, secret key.</summary>
public readonly record struct CancelRequestMessage(int ProcessId, int SecretKey)
{
    public const int Length = 16;

    public static bool TryParse(ReadOnlySpan<byte> packet, out CancelRequestMessage message)
    {
        message = default;
        if (packet.Length != Length || PgWire.ReadInt32(packet[4..]) != StartupCode.CancelRequest)
        {
            return false;
        }
        message = new CancelRequestMessage(PgWire.ReadInt32(packet[8..]), PgWire.ReadInt32(packet[12..]));
        return true;
    }

    public byte[] ToBytes()
    {
        var bytes = new byte[Length];
        PgWire.WriteInt32(bytes, Length);
        PgWire.WriteInt32(bytes.AsSpan(4), StartupCode.CancelRequest);
        PgWire.WriteInt32(bytes.AsSpan(8), ProcessId);
        PgWire.WriteInt32(bytes.AsSpan(12), SecretKey);
        return bytes;
    }
}
