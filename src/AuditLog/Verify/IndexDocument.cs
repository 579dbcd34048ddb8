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
            var w = new CanonicalJsonWriter(line);
            w.StartObject();
            var members = source.EnumerateObject().ToList();
            members.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
            string? hash = null, mac = null, sig = null;
            foreach (var member in members)
            {
                switch (member.Name)
                {
                    case "hash":
                        hash = Hex(member.Value, "hash");
                        continue;
                    case "mac":
                        mac = Hex(member.Value, "mac");
                        continue;
                    case "sig":
                        sig = Hex(member.Value, "sig");
                        continue;
                    case ShippedDocument.SearchMember:
                        JcsWriter.Write(member.Value, new CanonicalJsonWriter(search));
                        continue;
                }

                w.Name(JcsWriter.NameBytes(member.Name));
                JcsWriter.Write(member.Value, w);
            }

            w.EndObject();
            if (hash is null || mac is null)
            {
                return "document has no hash or mac";
            }

            line.Truncate(line.Length - 1); // the canonical object's closing brace
            line.Write(System.Text.Encoding.ASCII.GetBytes($",\"hash\":\"{hash}\",\"mac\":\"{mac}\"" + (sig is null ? string.Empty : $",\"sig\":\"{sig}\"") + "}"));
            return null;
        }
        catch (Exception ex) when (ex is FormatException or InvalidOperationException or ArgumentException)
        {
            return ex.Message;
        }
    }

    private static string Hex(JsonElement value, string name)
    {
        var text = value.ValueKind == JsonValueKind.String ? value.GetString()! : throw new FormatException($"'{name}' is not a string");
        return text.All(char.IsAsciiHexDigitLower) ? text : throw new FormatException($"'{name}' is not lowercase hex");
    }
}
