using System.Runtime.CompilerServices;
using System.Text.Json;

namespace MaskingProxy.AuditLog.Shipping;

/// <summary>
/// Reads every document of the index in chain order: sorted by <c>chain</c>, then <c>seq</c>, page
/// by page with <c>search_after</c> (no deep <c>from</c> paging, which Elasticsearch caps at 10,000,
/// and no scroll context to clean up). Within one index <c>chain:seq</c> is the document id, so the
/// sort key is unique and no document is skipped or repeated between pages.
/// </summary>
internal sealed class IndexPager(ElasticsearchClient client, int pageSize = 1000)
{
    public async IAsyncEnumerable<IndexHit> ReadAllAsync([EnumeratorCancellation] CancellationToken ct)
    {
        string? searchAfter = null;
        while (true)
        {
            using var page = await client.SearchAsync(Request(searchAfter), ct);
            var hits = page.RootElement.GetProperty("hits").GetProperty("hits");
            var count = 0;
            foreach (var hit in hits.EnumerateArray())
            {
                count++;
                searchAfter = hit.GetProperty("sort").GetRawText();
                yield return new IndexHit(hit.GetProperty("_id").GetString() ?? string.Empty, hit.GetProperty("_source"));
            }

            if (count < pageSize)
            {
                yield break;
            }
        }
    }

    private byte[] Request(string? searchAfter)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartObject();
            w.WriteNumber("size", pageSize);
            w.WriteStartObject("query");
            w.WriteStartObject("match_all");
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteStartArray("sort");
            w.WriteStartObject();
            w.WriteString("chain", "asc");
            w.WriteEndObject();
            w.WriteStartObject();
            w.WriteString("seq", "asc");
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteBoolean("track_total_hits", false);
            if (searchAfter is not null)
            {
                w.WritePropertyName("search_after");
                w.WriteRawValue(searchAfter);
            }

            w.WriteEndObject();
        }

        return stream.ToArray();
    }
}
