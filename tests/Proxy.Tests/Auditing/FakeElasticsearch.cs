using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using MaskingProxy.Proxy.Tests.Infrastructure;

namespace MaskingProxy.Proxy.Tests.Auditing;

/// <summary>
/// Just enough of Elasticsearch for the shipper: PUT _index_template/{name} and POST _bulk with
/// <c>create</c> items, each answered 201 (or 409 when the id is already stored).
/// </summary>
internal sealed class FakeElasticsearch : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _loop;

    public FakeElasticsearch()
    {
        Url = new Uri($"http://127.0.0.1:{FreePort.Next()}/");
        _listener.Prefixes.Add(Url.AbsoluteUri);
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    public Uri Url { get; }

    public ConcurrentQueue<string> Templates { get; } = new();

    /// <summary>Stored documents by id (chain:seq).</summary>
    public ConcurrentDictionary<string, string> Documents { get; } = new(StringComparer.Ordinal);

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        await _loop;
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            using var response = context.Response;
            var path = context.Request.Url!.AbsolutePath;
            using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            string answer;
            if (context.Request.HttpMethod == "PUT" && path.StartsWith("/_index_template/", StringComparison.Ordinal))
            {
                Templates.Enqueue(path["/_index_template/".Length..]);
                answer = """{"acknowledged":true}""";
            }
            else if (context.Request.HttpMethod == "POST" && path == "/_bulk")
            {
                answer = Bulk(body);
            }
            else
            {
                response.StatusCode = 404;
                answer = "{}";
            }

            response.ContentType = "application/json";
            var bytes = Encoding.UTF8.GetBytes(answer);
            await response.OutputStream.WriteAsync(bytes);
        }
    }

    private string Bulk(string body)
    {
        var lines = body.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var items = new List<object>();
        for (var i = 0; i + 1 < lines.Length; i += 2)
        {
            using var action = JsonDocument.Parse(lines[i]);
            var id = action.RootElement.GetProperty("create").GetProperty("_id").GetString()!;
            var item = new Dictionary<string, object> { ["_id"] = id, ["status"] = 201 };
            if (!Documents.TryAdd(id, lines[i + 1]))
            {
                item["status"] = 409;
                item["error"] = new Dictionary<string, object> { ["type"] = "version_conflict_engine_exception", ["reason"] = "document already exists" };
            }

            items.Add(new Dictionary<string, object> { ["create"] = item });
        }

        return JsonSerializer.Serialize(new Dictionary<string, object> { ["errors"] = false, ["items"] = items });
    }
}
