using System.Buffers;
using MaskingProxy.Proxy.Postgres.Protocol;

namespace MaskingProxy.Proxy.Postgres.Messages;

/// <summary>
/// Bind (docs §55.7): portal name, statement name, then parameter formats, values and result formats.
/// The session only needs the two names to keep portals mapped to statements; the rest is forwarded
/// untouched.
/// </summary>
public readonly record struct BindMessage(string PortalName, string StatementName)
{
    public static bool TryParse(ReadOnlySpan<byte> body, out BindMessage message) => TryParse(body, out message, null);

    /// <summary>Parses the names; <paramref name="recent"/> (when given) decodes them.</summary>
    internal static bool TryParse(ReadOnlySpan<byte> body, out BindMessage message, RecentTexts? recent)
    {
        message = default;
        var offset = 0;
        if (!PgWire.TryReadCString(body, ref offset, out var portal, recent) ||
            !PgWire.TryReadCString(body, ref offset, out var statement, recent))
        {
            return false;
        }
        message = new BindMessage(portal, statement);
        return true;
    }

    /// <summary>
    /// Writes a Bind of <paramref name="statementName"/> to <paramref name="portalName"/> with every
    /// parameter and every result column in text format (no format codes means text, docs §55.7), as a
    /// simple Query's results are.
    /// </summary>
    public static void Write(IBufferWriter<byte> writer, string portalName, string statementName, string[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var bodyLength = PgWire.CStringByteCount(portalName) + PgWire.CStringByteCount(statementName) + 2 + 2 + 2;
        foreach (var value in values)
        {
            bodyLength += 4 + System.Text.Encoding.UTF8.GetByteCount(value);
        }
        var span = writer.GetSpan(PgWire.HeaderLength + bodyLength);
        PgWire.WriteHeader(span, (byte)FrontendCode.Bind, bodyLength);
        var offset = PgWire.HeaderLength;
        offset += PgWire.WriteCString(span[offset..], portalName);
        offset += PgWire.WriteCString(span[offset..], statementName);
        PgWire.WriteInt16(span[offset..], 0);
        PgWire.WriteInt16(span[(offset + 2)..], (short)values.Length);
        offset += 4;
        foreach (var value in values)
        {
            var length = System.Text.Encoding.UTF8.GetBytes(value, span[(offset + 4)..]);
            PgWire.WriteInt32(span[offset..], length);
            offset += 4 + length;
        }
        PgWire.WriteInt16(span[offset..], 0);
        writer.Advance(offset + 2);
    }

    /// <summary>
    /// Writes the Bind whose body is <paramref name="body"/> with the statement name replaced by
    /// <paramref name="statementName"/>; parameters and formats are copied as they are. The body must
    /// have passed <see cref="TryParse"/>.
    /// </summary>
    public static void WriteRenamed(ReadOnlySpan<byte> body, string statementName, IBufferWriter<byte> writer)
    {
        var portalEnd = body.IndexOf((byte)0) + 1;
        var statementEnd = portalEnd + body[portalEnd..].IndexOf((byte)0) + 1;
        var rest = body[statementEnd..];
        var bodyLength = portalEnd + PgWire.CStringByteCount(statementName) + rest.Length;
        var span = writer.GetSpan(PgWire.HeaderLength + bodyLength);
        PgWire.WriteHeader(span, (byte)FrontendCode.Bind, bodyLength);
        var offset = PgWire.HeaderLength;
        body[..portalEnd].CopyTo(span[offset..]);
        offset += portalEnd;
        offset += PgWire.WriteCString(span[offset..], statementName);
        rest.CopyTo(span[offset..]);
        writer.Advance(offset + rest.Length);
    }
}
