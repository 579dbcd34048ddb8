using MaskingProxy.Proxy.Postgres.Protocol;

namespace MaskingProxy.Proxy.Postgres.Messages;

/// <summary>
/// Bind (docs §55.7): portal name, statement name, then parameter formats, values and result formats.
/// The session only needs the two names to keep portals mapped to statements; the rest is forwarded
/// untouched.
/// </summary>
public readonly record struct BindMessage(string PortalName, string StatementName)
{
    public static bool TryParse(ReadOnlySpan<byte> body, out BindMessage message)
    {
        message = default;
        var offset = 0;
        if (!PgWire.TryReadCString(body, ref offset, out var portal) ||
            !PgWire.TryReadCString(body, ref offset, out var statement))
        {
            return false;
        }
        message = new BindMessage(portal, statement);
        return true;
    }
}
