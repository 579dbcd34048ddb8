using MaskingProxy.Proxy.Postgres.Protocol;

namespace MaskingProxy.Proxy.Postgres.Messages;

/// <summary>
/// SASLInitialResponse (docs §55.7): mechanism name, int32 length (-1 = none) and the client-first
/// message whose first character is the GS2 channel-binding flag (RFC 5802 §7: 'n', 'y' or 'p').
/// </summary>
public readonly record struct SaslInitialResponseMessage(string Mechanism, char ChannelBindingFlag)
{
    public static bool TryParse(ReadOnlySpan<byte> body, out SaslInitialResponseMessage message)
    {
        message = default;
        var offset = 0;
        if (!PgWire.TryReadCString(body, ref offset, out var mechanism) || body.Length - offset < 4)
        {
            return false;
        }
        var length = PgWire.ReadInt32(body[offset..]);
        offset += 4;
        if (length < -1 || length > body.Length - offset)
        {
            return false;
        }
        var flag = length > 0 ? (char)body[offset] : '\0';
        message = new SaslInitialResponseMessage(mechanism, flag);
        return true;
    }
}
