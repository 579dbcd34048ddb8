using MaskingProxy.AuditLog.Records;

namespace MaskingProxy.AuditLog.Shipping;

/// <summary>
/// The Elasticsearch document for a stored line: the line itself, byte for byte, with one member
/// appended, <c>"search":{…}</c> (<see cref="SearchProjection"/>). Keeping the record's members
/// verbatim keeps the document verifiable: removing <c>search</c>, <c>hash</c>, <c>mac</c> and
/// <c>sig</c> and canonicalizing gives the canonical record again (docs/audit-format.md §3, §17).
/// </summary>
internal static class ShippedDocument
{
    /// <summary>Name of the member the shipper adds; the index verifier removes it before hashing.</summary>
    public const string SearchMember = "search";

    /// <summary><c>,"search":</c>, spliced in before the line's closing brace.</summary>
    private static readonly byte[] SearchMemberStart = System.Text.Encoding.ASCII.GetBytes($",\"{SearchMember}\":");

    /// <summary>Document id: <c>chain:seq</c>, the same for every retry, so create is idempotent.</summary>
    public static string Id(string chain, long seq) => chain + ":" + seq.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Appends the document for <paramref name="line"/> (which ends with '}') to <paramref name="output"/>.</summary>
    public static void Write(ReadOnlySpan<byte> line, AuditRecord record, ByteBuffer output)
    {
        output.Write(line[..^1]);
        output.Write(SearchMemberStart);
        SearchProjection.Write(record, output);
        output.Write((byte)'}');
    }
}
