using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace MaskingProxy.AuditLog.Tests.Shipping;

/// <summary>POST _bulk: NDJSON action/source pairs; create = put-if-absent (201, or 409 version_conflict_engine_exception).</summary>
public sealed partial class ElasticsearchTestServer
{
    private async Task Bulk(HttpContext context, string? pathIndex, byte[] body)
    {
        var lines = Encoding.UTF8.GetString(body).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        using var output = new MemoryStream();
        var errors = false;
        bool lostResponse;
        lock (_gate)
        {
            lostResponse = _storeThenFail > 0;
            if (lostResponse)
            {
                _storeThenFail--;
            }
        }

        using (var w = new Utf8JsonWriter(output))
        {
            w.WriteStartObject();
            w.WriteNumber("took", 1);
            w.WriteStartArray("items");
            for (var i = 0; i < lines.Length; i++)
            {
                using var action = JsonDocument.Parse(lines[i]);
                var op = action.RootElement.EnumerateObject().First();
                var meta = op.Value;
                var index = meta.TryGetProperty("_index", out var ix) ? ix.GetString()! : pathIndex!;
                var id = meta.TryGetProperty("_id", out var idElement) ? idElement.GetString()! : Guid.NewGuid().ToString("N");
                var source = op.Name == "delete" ? null : lines[++i];
                var (status, type, reason) = Apply(op.Name, index, id, source);
                errors |= status >= 300;
                w.WriteStartObject();
                w.WriteStartObject(op.Name);
                w.WriteString("_index", index);
                w.WriteString("_id", id);
                w.WriteNumber("status", status);
                if (type is null)
                {
                    w.WriteNumber("_version", 1);
                    w.WriteString("result", op.Name == "delete" ? "deleted" : "created");
                }
                else
                {
                    w.WriteStartObject("error");
                    w.WriteString("type", type);
                    w.WriteString("reason", reason);
                    w.WriteString("index", index);
                    w.WriteEndObject();
                }

                w.WriteEndObject();
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteBoolean("errors", errors);
            w.WriteEndObject();
        }

        if (lostResponse)
        {
            await Error(context, 500, "internal_server_error", "injected failure after storing the bulk items");
            return;
        }

        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json";
        await context.Response.Body.WriteAsync(output.ToArray());
    }

    private (int Status, string? Type, string? Reason) Apply(string op, string index, string id, string? source)
    {
        lock (_gate)
        {
            if (op == "create")
            {
                _createAttempts.Add(id);
            }

            if (_itemFaults.TryGetValue(id, out var fault) && fault.Remaining > 0)
            {
                fault.Remaining--;
                return (fault.Status, fault.ErrorType, $"injected {fault.Status} for [{id}]");
            }

            var target = IndexFor(index);
            switch (op)
            {
                case "delete":
                    return target.Documents.Remove(id) ? (200, null, null) : (404, "not_found", $"[{id}] not found");
                case "create" or "index":
                    FakeDocument document;
                    try
                    {
                        document = new FakeDocument(id, source!);
                    }
                    catch (JsonException ex)
                    {
                        return (400, "mapper_parsing_exception", "failed to parse: " + ex.Message);
                    }

                    if (op == "create" && target.Documents.ContainsKey(id))
                    {
                        return (409, "version_conflict_engine_exception", $"[{id}]: version conflict, document already exists (current version [1])");
                    }

                    target.Documents[id] = document;
                    return (201, null, null);
                default:
                    return (400, "illegal_argument_exception", $"unsupported bulk action [{op}]");
            }
        }
    }
}
