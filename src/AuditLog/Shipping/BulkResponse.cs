using System.Text.Json;

namespace MaskingProxy.AuditLog.Shipping;

/// <summary>
/// A parsed <c>_bulk</c> response. Items are in request order (Elasticsearch guarantees it), so
/// item i belongs to the i-th document sent; the shipper also checks the ids.
/// </summary>
internal sealed class BulkResponse
{
    public required IReadOnlyList<BulkItemResult> Items { get; init; }

    /// <exception cref="ElasticsearchException">The body is not a bulk response.</exception>
    public static BulkResponse Parse(byte[] body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            var root = doc.RootElement;
            var items = new List<BulkItemResult>();
            if (root.TryGetProperty("items", out var array) && array.ValueKind == JsonValueKind.Array)
            {
                foreach (var wrapper in array.EnumerateArray())
                {
                    // {"create": {...}}: the action name is the only member.
                    var item = wrapper.EnumerateObject().First().Value;
                    var id = item.TryGetProperty("_id", out var idElement) && idElement.ValueKind == JsonValueKind.String ? idElement.GetString() : null;
                    var status = item.TryGetProperty("status", out var s) && s.TryGetInt32(out var code) ? code : 0;
                    string? type = null, reason = null;
                    if (item.TryGetProperty("error", out var error))
                    {
                        type = error.ValueKind == JsonValueKind.Object && error.TryGetProperty("type", out var t) ? t.GetString() : null;
                        reason = error.ValueKind == JsonValueKind.Object && error.TryGetProperty("reason", out var r) ? r.GetString() : error.ToString();
                    }

                    items.Add(new BulkItemResult(id, status, type, reason));
                }
            }

            // The top-level "errors" flag is not read: the items say which ones failed, and how.
            return new BulkResponse { Items = items };
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            throw new ElasticsearchException("unparseable _bulk response: " + ex.Message, null, ex);
        }
    }
}
