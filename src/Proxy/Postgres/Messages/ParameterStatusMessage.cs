using MaskingProxy.Proxy.Postgres.Protocol;

namespace MaskingProxy.Proxy.Postgres.Messages;

/// <summary>ParameterStatus (docs §55.7): run-time parameter name and its current value.</summary>
public readonly record struct ParameterStatusMessage(string Name, string Value)
{
    public static bool TryParse(ReadOnlySpan<byte> body, out ParameterStatusMessage message)
    {
        message = default;
        var offset = 0;
        if (!PgWire.TryReadCString(body, ref offset, out var name) ||
            !PgWire.TryReadCString(body, ref offset, out var value) ||
            offset != body.Length)
        {
            return false;
        }
        message = new ParameterStatusMessage(name, value);
        return true;
    }
}
