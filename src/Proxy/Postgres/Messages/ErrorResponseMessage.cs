using System.Buffers;
using MaskingProxy.Proxy.Postgres.Protocol;

namespace MaskingProxy.Proxy.Postgres.Messages;

/// <summary>
/// ErrorResponse / NoticeResponse (docs §55.7, fields §55.8): a list of (field byte, C string)
/// pairs ended by a zero byte.
/// </summary>
public sealed class ErrorResponseMessage
{
    public ErrorResponseMessage(IReadOnlyList<KeyValuePair<ErrorField, string>> fields) => Fields = fields;

    public IReadOnlyList<KeyValuePair<ErrorField, string>> Fields { get; }

    public string? SqlState => Get(ErrorField.Code);

    public string? Message => Get(ErrorField.Message);

    public string? Get(ErrorField field)
    {
        foreach (var f in Fields)
        {
            if (f.Key == field)
            {
                return f.Value;
            }
        }
        return null;
    }

    public static bool TryParse(ReadOnlySpan<byte> body, out ErrorResponseMessage? message)
    {
        message = null;
        var fields = new List<KeyValuePair<ErrorField, string>>();
        var offset = 0;
        while (offset < body.Length && body[offset] != 0)
        {
            var type = (ErrorField)body[offset++];
            if (!PgWire.TryReadCString(body, ref offset, out var value))
            {
                return false;
            }
            fields.Add(new(type, value));
        }
        if (offset != body.Length - 1)
        {
            return false;
        }
        message = new ErrorResponseMessage(fields);
        return true;
    }

    /// <summary>Writes an error the proxy raises itself, shaped like the server's own.</summary>
    public static void Write(IBufferWriter<byte> writer, string severity, string sqlState, string message, string? detail = null, BackendCode code = BackendCode.ErrorResponse)
    {
        var fields = new List<KeyValuePair<ErrorField, string>>
        {
            new(ErrorField.Severity, severity),
            new(ErrorField.SeverityNonLocalized, severity),
            new(ErrorField.Code, sqlState),
            new(ErrorField.Message, message),
        };
        if (detail is not null)
        {
            fields.Add(new(ErrorField.Detail, detail));
        }
        new ErrorResponseMessage(fields).Write(writer, code);
    }

    public void Write(IBufferWriter<byte> writer, BackendCode code = BackendCode.ErrorResponse)
    {
        var bodyLength = 1;
        foreach (var f in Fields)
        {
            bodyLength += 1 + PgWire.CStringByteCount(f.Value);
        }
        var span = writer.GetSpan(PgWire.HeaderLength + bodyLength);
        PgWire.WriteHeader(span, (byte)code, bodyLength);
        var offset = PgWire.HeaderLength;
        foreach (var f in Fields)
        {
            span[offset++] = (byte)f.Key;
            offset += PgWire.WriteCString(span[offset..], f.Value);
        }
        span[offset++] = 0;
        writer.Advance(offset);
    }
}
