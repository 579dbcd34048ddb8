using System.Text;

namespace MaskingProxy.AuditLog.Records;

/// <summary>
/// Builds canonical record bytes:
/// <c>{"chain":"ID","event":EVENT,"seq":N,"ts":"TS","type":"TYPE","v":1}</c>.
/// The part that does not depend on the chain position (EVENT and the ts/type/v tail) is the
/// "body": callers serialize it on their own thread so that the single writer thread only splices
/// in chain id and sequence number before hashing.
/// </summary>
internal static class RecordSerializer
{
    /// <summary>Canonical format version written as <c>"v"</c>.</summary>
    public const int FormatVersion = 1;

    /// <summary>Writes EVENT followed by <c>,"ts":…,"type":…,"v":1}</c>; returns where EVENT ends.</summary>
    public static int WriteBody(AuditRecord record, DateTimeOffset timestamp, ByteBuffer body)
    {
        var start = body.Length;
        record.WriteEventTo(body);
        var split = body.Length - start;
        body.Write(",\"ts\":\""u8);
        RecordTimestamp.Write(timestamp, body);
        body.Write("\",\"type\":\""u8);
        foreach (var c in record.Type)
        {
            body.Write((byte)c); // record types are ASCII constants
        }
        body.Write("\",\"v\":1}"u8);
        return split;
    }

    /// <summary>Writes the canonical record from a body produced by <see cref="WriteBody"/>.</summary>
    public static void Compose(ReadOnlySpan<byte> chainId, long seq, ReadOnlySpan<byte> body, int split, ByteBuffer output)
    {
        output.Write("{\"chain\":\""u8);
        output.Write(chainId);
        output.Write("\",\"event\":"u8);
        output.Write(body[..split]);
        output.Write(",\"seq\":"u8);
        output.WriteInt64(seq);
        output.Write(body[split..]);
    }

    /// <summary>The canonical bytes of <paramref name="record"/> at a chain position (tests, docs, tools).</summary>
    public static byte[] Canonical(AuditRecord record, string chainId, long seq, DateTimeOffset timestamp)
    {
        using var body = new ByteBuffer();
        var split = WriteBody(record, timestamp, body);
        using var output = new ByteBuffer();
        Compose(Encoding.ASCII.GetBytes(chainId), seq, body.Span, split, output);
        return output.Span.ToArray();
    }
}
