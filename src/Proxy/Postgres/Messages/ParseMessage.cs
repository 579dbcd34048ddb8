using System.Buffers;
using MaskingProxy.Proxy.Postgres.Protocol;

namespace MaskingProxy.Proxy.Postgres.Messages;

/// <summary>Parse (extended protocol, docs §55.7): statement name, query text, parameter type OIDs.</summary>
public readonly record struct ParseMessage(string StatementName, string Query, int[] ParameterTypes)
{
    public static bool TryParse(ReadOnlySpan<byte> body, out ParseMessage message) => TryParse(body, out message, null);

    /// <summary>Parses a Parse body; <paramref name="recent"/> (when given) decodes the query text.</summary>
    internal static bool TryParse(ReadOnlySpan<byte> body, out ParseMessage message, RecentTexts? recent)
    {
        message = default;
        var offset = 0;
        if (!PgWire.TryReadCString(body, ref offset, out var name) ||
            !PgWire.TryReadCString(body, ref offset, out var query, recent) ||
            !TryCountParameterTypes(body, ref offset, out var count))
        {
            return false;
        }
        var types = count == 0 ? [] : new int[count];
        for (var i = 0; i < count; i++)
        {
            types[i] = PgWire.ReadInt32(body[(offset + (i * 4))..]);
        }
        message = new ParseMessage(name, query, types);
        return true;
    }

    /// <summary>
    /// Reads only the statement name of a Parse body, checking the layout as <see cref="TryParse(ReadOnlySpan{byte}, out ParseMessage)"/>
    /// does but leaving the query text undecoded (for sessions that never read it).
    /// </summary>
    public static bool TryReadStatementName(ReadOnlySpan<byte> body, out string statementName)
    {
        var offset = 0;
        return PgWire.TryReadCString(body, ref offset, out statementName) &&
            PgWire.TrySkipCString(body, ref offset) &&
            TryCountParameterTypes(body, ref offset, out _);
    }

    /// <summary>The int16 count of parameter type OIDs at <paramref name="offset"/>, which must fill the rest of the body.</summary>
    private static bool TryCountParameterTypes(ReadOnlySpan<byte> body, ref int offset, out int count)
    {
        count = 0;
        if (body.Length - offset < 2)
        {
            return false;
        }
        count = PgWire.ReadInt16(body[offset..]);
        offset += 2;
        return count >= 0 && body.Length - offset == count * 4;
    }

    public void Write(IBufferWriter<byte> writer)
    {
        var bodyLength = PgWire.CStringByteCount(StatementName) + PgWire.CStringByteCount(Query) + 2 + (ParameterTypes.Length * 4);
        var span = writer.GetSpan(PgWire.HeaderLength + bodyLength);
        PgWire.WriteHeader(span, (byte)FrontendCode.Parse, bodyLength);
        var offset = PgWire.HeaderLength;
        offset += PgWire.WriteCString(span[offset..], StatementName);
        offset += PgWire.WriteCString(span[offset..], Query);
        PgWire.WriteInt16(span[offset..], (short)ParameterTypes.Length);
        offset += 2;
        foreach (var type in ParameterTypes)
        {
            PgWire.WriteInt32(span[offset..], type);
            offset += 4;
        }
        writer.Advance(offset);
    }
}
