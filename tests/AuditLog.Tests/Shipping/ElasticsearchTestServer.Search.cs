using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace MaskingProxy.AuditLog.Tests.Shipping;

/// <summary>
/// GET/POST {index}/_search: <c>match_all</c> or a single <c>term</c> query, <c>sort</c> by fields
/// (strings ordinal, numbers numeric), <c>size</c>/<c>from</c> and <c>search_after</c>; hits carry
/// <c>_source</c> as stored and their <c>sort</c> values.
/// </summary>
public sealed partial class ElasticsearchTestServer
{
    private async Task Search(HttpContext context, string index, byte[] body)
    {
        using var request = JsonDocument.Parse(body.Length == 0 ? "{}"u8.ToArray() : body);
        var root = request.RootElement;
        var size = root.TryGetProperty("size", out var s) ? s.GetInt32() : 10;
        var from = root.TryGetProperty("from", out var f) ? f.GetInt32() : 0;
        var sort = root.TryGetProperty("sort", out var sortElement) ? SortFields(sortElement) : [];
        var after = root.TryGetProperty("search_after", out var a) ? a.EnumerateArray().Select(e => e.Clone()).ToList() : null;
        var query = root.TryGetProperty("query", out var q) ? q.Clone() : (JsonElement?)null;

        List<FakeDocument>? documents = null;
        lock (_gate)
        {
            if (_indices.TryGetValue(index, out var target))
            {
                documents = [.. target.Documents.Values];
            }
        }

        if (documents is null)
        {
            await IndexNotFound(context, index);
            return;
        }

        var matching = documents.Where(d => Matches(d, query)).ToList();
        matching.Sort((x, y) => CompareKeys(Keys(x, sort), Keys(y, sort), sort));
        IEnumerable<FakeDocument> page = matching;
        if (after is not null)
        {
            page = page.Where(d => CompareKeys(Keys(d, sort), after.Select(e => (JsonElement?)e).ToList(), sort) > 0);
        }

        var hits = page.Skip(from).Take(size).ToList();
        using var output = new MemoryStream();
        using (var w = new Utf8JsonWriter(output))
        {
            w.WriteStartObject();
            w.WriteNumber("took", 1);
            w.WriteBoolean("timed_out", false);
            w.WriteStartObject("hits");
            w.WriteStartObject("total");
            w.WriteNumber("value", matching.Count);
            w.WriteString("relation", "eq");
            w.WriteEndObject();
            w.WriteStartArray("hits");
            foreach (var hit in hits)
            {
                w.WriteStartObject();
                w.WriteString("_index", index);
                w.WriteString("_id", hit.Id);
                w.WriteNull("_score");
                w.WritePropertyName("_source");
                w.WriteRawValue(hit.Source, skipInputValidation: true);
                if (sort.Count > 0)
                {
                    w.WriteStartArray("sort");
                    foreach (var key in Keys(hit, sort))
                    {
                        if (key is { } k)
                        {
                            k.WriteTo(w);
                        }
                        else
                        {
                            w.WriteNullValue();
                        }
                    }

                    w.WriteEndArray();
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteEndObject();
        }

        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json";
        await context.Response.Body.WriteAsync(output.ToArray());
    }

    /// <summary>Sort clauses: "field", {"field":"desc"} or {"field":{"order":"desc"}}.</summary>
    private static List<(string Field, bool Descending)> SortFields(JsonElement sort)
    {
        var fields = new List<(string, bool)>();
        foreach (var clause in sort.ValueKind == JsonValueKind.Array ? sort.EnumerateArray() : Enumerable.Repeat(sort, 1))
        {
            if (clause.ValueKind == JsonValueKind.String)
            {
                fields.Add((clause.GetString()!, false));
                continue;
            }

            var member = clause.EnumerateObject().First();
            var order = member.Value.ValueKind == JsonValueKind.String ? member.Value.GetString() : member.Value.GetProperty("order").GetString();
            fields.Add((member.Name, order == "desc"));
        }

        return fields;
    }

    private static bool Matches(FakeDocument document, JsonElement? query)
    {
        if (query is not { } q || q.TryGetProperty("match_all", out _))
        {
            return true;
        }

        if (q.TryGetProperty("term", out var term))
        {
            var clause = term.EnumerateObject().First();
            var wanted = clause.Value.ValueKind == JsonValueKind.Object ? clause.Value.GetProperty("value") : clause.Value;
            var value = document.Field(clause.Name);
            return value is { } v && (v.ValueKind == JsonValueKind.Array ? v.EnumerateArray().Any(e => Same(e, wanted)) : Same(v, wanted));
        }

        throw new NotSupportedException("the test server supports match_all and term queries");
    }

    private static bool Same(JsonElement a, JsonElement b) => CompareValues(a, b) == 0;

    private static List<JsonElement?> Keys(FakeDocument document, List<(string Field, bool Descending)> sort)
        => sort.Select(s => document.Field(s.Field)).ToList();

    private static int CompareKeys(List<JsonElement?> x, List<JsonElement?> y, List<(string Field, bool Descending)> sort)
    {
        for (var i = 0; i < sort.Count; i++)
        {
            var c = (x[i], y[i]) switch
            {
                (null, null) => 0,
                (null, _) => 1, // missing values sort last
                (_, null) => -1,
                ({ } a, { } b) => CompareValues(a, b),
            };
            if (c != 0)
            {
                return sort[i].Descending ? -c : c;
            }
        }

        return 0;
    }

    private static int CompareValues(JsonElement a, JsonElement b)
        => a.ValueKind == JsonValueKind.Number && b.ValueKind == JsonValueKind.Number
            ? a.GetDecimal().CompareTo(b.GetDecimal())
            : string.CompareOrdinal(a.ToString(), b.ToString());
}
