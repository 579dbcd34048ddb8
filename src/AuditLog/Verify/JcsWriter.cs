using System.Text;
using System.Text.Json;
using MaskingProxy.AuditLog.Records;

namespace MaskingProxy.AuditLog.Verify;

/// <summary>
/// Re-canonicalizes a parsed JSON value with RFC 8785 (JCS) as records use it: members sorted by
/// UTF-16 code units, strings escaped as in <see cref="CanonicalJsonWriter"/>, integers only.
/// Used for documents that come back from Elasticsearch, whose bytes need not be the ones shipped
/// (another client may re-serialize them, change escapes or member order): equal values give
/// equal bytes, so the record's hash can still be checked (docs/audit-format.md §3).
/// </summary>
internal static class JcsWriter
{
    /// <exception cref="FormatException">The value holds something records never do (null, a fraction, a negative or huge number, a member name that needs escaping).</exception>
    public static void Write(JsonElement value, CanonicalJsonWriter w)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                WriteObject(value, w, claim: null);
                break;
            case JsonValueKind.Array:
                w.StartArray();
                foreach (var item in value.EnumerateArray())
                {
                    Write(item, w);
                }

                w.EndArray();
                break;
            case JsonValueKind.String:
                w.String(value.GetString()!, int.MaxValue);
                break;
            case JsonValueKind.Number when value.TryGetInt64(out var n) && n is >= 0 and <= CanonicalJsonWriter.MaxSafeInteger:
                w.Integer(n);
                break;
            case JsonValueKind.True or JsonValueKind.False:
                w.Boolean(value.ValueKind == JsonValueKind.True);
                break;
            default:
                throw new FormatException($"value {value.GetRawText()} cannot occur in a canonical record");
        }
    }

    /// <summary>Writes an object, members in canonical order, leaving out those <paramref name="claim"/> takes.</summary>
    /// <param name="claim">Sees each member in canonical order; true keeps it out of the output (the caller handles it).</param>
    /// <exception cref="FormatException">See <see cref="Write"/>.</exception>
    public static void WriteObject(JsonElement value, CanonicalJsonWriter w, Func<JsonProperty, bool>? claim)
    {
        w.StartObject();
        var members = value.EnumerateObject().ToList();
        members.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        foreach (var member in members)
        {
            if (claim?.Invoke(member) == true)
            {
                continue;
            }

            w.Name(NameBytes(member.Name));
            Write(member.Value, w);
        }

        w.EndObject();
    }

    private static byte[] NameBytes(string name)
    {
        foreach (var c in name)
        {
            if (c < 0x20 || c is '"' or '\\')
            {
                throw new FormatException($"member name '{name}' cannot occur in a record");
            }
        }

        return Encoding.UTF8.GetBytes(name);
    }
}
