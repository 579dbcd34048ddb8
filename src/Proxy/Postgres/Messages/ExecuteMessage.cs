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
}
