using System.Text.Json;
using MaskingProxy.AuditLog.Records;
using MaskingProxy.AuditLog.Shipping;

namespace MaskingProxy.AuditLog.Verify;

/// <summary>
/// Turns a shipped document (<c>_source</c>) back into the sealed line the writer stored, so the
/// directory's checking engine can check it: canonical form of every member except
/// <c>hash</c>, <c>mac</c>, <c>sig</c> and the shipper's <c>search</c>, then the integrity members
/// appended in their fixed order (docs/audit-format.md §2, §3, §17).
/// </summary>
internal static class IndexDocument
{
    /// <summary>Writes the sealed line into <paramref name="line"/> and the canonical stored <c>search</c> object (empty if absent) into <paramref name="search"/>.</summary>
    /// <returns>Null, or why the document is not a record.</returns>
    public static string? Rebuild(JsonElement source, ByteBuffer line, ByteBuffer search)
    {
        line.Clear();
        search.Clear();
        if (source.ValueKind != JsonValueKind.Object)
        {
            return "_source is not a JSON object";
        }

        try
        {
            byte[]? hash = null, mac = null, sig = null;
            JcsWriter.WriteObject(source, new CanonicalJsonWriter(line), member =>
            {
                switch (member.Name)
                {
                    case "hash":
                        hash = Hex(member.Value, "hash");
                        return true;
                    case "mac":
                        mac = Hex(member.Value, "mac");
                        return true;
                    case "sig":
                        sig = Hex(member.Value, "sig");
                        return true;
                    case ShippedDocument.SearchMember:
                        JcsWriter.Write(member.Value, new CanonicalJsonWriter(search));
                        return true;
                    default:
                        return false;
                }
            });
            if (hash is null || mac is null)
            {
                return "document has no hash or mac";
            }

            IntegrityMembers.Append(line, hash, mac, sig);
            return null;
        }
        catch (Exception ex) when (ex is FormatException or InvalidOperationException or ArgumentException)
        {
            return ex.Message;
        }
    }

    /// <summary>The bytes of a lowercase hex member; the line is rebuilt from them, so other spellings cannot pass.</summary>
    private static byte[] Hex(JsonElement value, string name)
    {
        var text = value.ValueKind == JsonValueKind.String ? value.GetString()! : throw new FormatException($"'{name}' is not a string");
        return text.All(char.IsAsciiHexDigitLower) && text.Length % 2 == 0
            ? Convert.FromHexString(text)
            : throw new FormatException($"'{name}' is not lowercase hex");
    }
}
