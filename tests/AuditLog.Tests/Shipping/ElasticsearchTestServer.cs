using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace MaskingProxy.AuditLog.Tests.Shipping;

/// <summary>
/// A protocol-level stand-in for Elasticsearch: a real HTTP(S) server (Kestrel) on 127.0.0.1 that
/// speaks the REST calls the shipper and the index verifier use, with Elasticsearch's semantics
/// where they matter (bulk <c>create</c> is put-if-absent: 201 or 409 per item, the <c>errors</c>
/// flag, 404 for a missing index, <c>search_after</c> paging), and fault injection: stop listening
/// and come back on the same port, 429 or 500 for the next N requests, per-item failures, and
/// "stored but the response was lost".
/// <para>Endpoints: GET /, PUT/GET _index_template/{name}, POST _bulk and {index}/_bulk,
/// GET/POST {index}/_search, GET/POST {index}/_count, POST {index}/_refresh, DELETE {index}.</para>
/// </summary>
public sealed partial class ElasticsearchTestServer : IAsyncDisposable
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, FakeIndex> _indices = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _templates = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ItemFault> _itemFaults = new(StringComparer.Ordinal);
    private readonly List<string> _createAttempts = [];
    private readonly List<string?> _authorizations = [];
    private readonly X509Certificate2? _certificate;
    private readonly string? _requiredAuthorization;
    private WebApplication? _app;
    private int _tooManyRequests;
    private int _serverErrors;
    private int _storeThenFail;
    private int _bulkRequests;

    private ElasticsearchTestServer(int port, X509Certificate2? certificate, string? requiredAuthorization)
    {
        Port = port;
        _certificate = certificate;
        _requiredAuthorization = requiredAuthorization;
        Url = new Uri($"{(certificate is null ? "http" : "https")}://{(certificate is null ? "127.0.0.1" : "localhost")}:{port}");
    }

    public int Port { get; }

    public Uri Url { get; }

    public bool IsUp => _app is not null;

    /// <summary>Bulk requests received (including ones answered with an injected fault).</summary>
    public int BulkRequests => Volatile.Read(ref _bulkRequests);

    /// <summary>Every create item that reached the store logic, in arrival order (ids), duplicates included.</summary>
    public IReadOnlyList<string> CreateAttempts
    {
        get
        {
            lock (_gate)
            {
                return [.. _createAttempts];
            }
        }
    }

    /// <summary>The Authorization header of every request, in order.</summary>
    public IReadOnlyList<string?> Authorizations
    {
        get
        {
            lock (_gate)
            {
                return [.. _authorizations];
            }
        }
    }

    /// <param name="certificate">Serve HTTPS with this certificate (URL host "localhost").</param>
    /// <param name="requiredAuthorization">Answer 401 unless the Authorization header is exactly this.</param>
    public static async Task<ElasticsearchTestServer> StartAsync(X509Certificate2? certificate = null, string? requiredAuthorization = null)
    {
        var server = new ElasticsearchTestServer(FreePort(), certificate, requiredAuthorization);
        await server.BringBackAsync();
        return server;
    }

    /// <summary>Stops listening (connections refused) until <see cref="BringBackAsync"/>; stored documents survive.</summary>
    public async Task TakeDownAsync()
    {
        var app = _app;
        _app = null;
        if (app is not null)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    /// <summary>Listens again on the same port.</summary>
    public async Task BringBackAsync()
    {
        if (_app is not null)
        {
            return;
        }

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(1));
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Limits.MaxRequestBodySize = 100 * 1024 * 1024;
            k.Listen(IPAddress.Loopback, Port, listen =>
            {
                if (_certificate is not null)
                {
                    listen.UseHttps(_certificate);
                }
            });
        });
        var app = builder.Build();
        app.Run(HandleAsync);
        await app.StartAsync();
        _app = app;
    }

    /// <summary>The next <paramref name="count"/> requests are answered 429 (es_rejected_execution_exception).</summary>
    public void RejectNextRequests(int count)
    {
        lock (_gate)
        {
            _tooManyRequests = count;
        }
    }

    /// <summary>The next <paramref name="count"/> requests are answered 500.</summary>
    public void FailNextRequests(int count)
    {
        lock (_gate)
        {
            _serverErrors = count;
        }
    }

    /// <summary>The next <paramref name="count"/> bulk requests store their documents but answer 500: a lost response.</summary>
    public void StoreThenFailNextBulks(int count)
    {
        lock (_gate)
        {
            _storeThenFail = count;
        }
    }

    /// <summary>The item with this id is answered <paramref name="status"/> (and not stored) the next <paramref name="times"/> times.</summary>
    public void FailItem(string id, int status, int times = 1)
    {
        lock (_gate)
        {
            _itemFaults[id] = new ItemFault(status, times);
        }
    }

    public long Count(string index)
    {
        lock (_gate)
        {
            return _indices.TryGetValue(index, out var i) ? i.Documents.Count : 0;
        }
    }

    public FakeIndex? Index(string index)
    {
        lock (_gate)
        {
            return _indices.GetValueOrDefault(index);
        }
    }

    /// <summary>Document sources by id (a snapshot).</summary>
    public Dictionary<string, string> Documents(string index)
    {
        lock (_gate)
        {
            return _indices.TryGetValue(index, out var i) ? i.Documents.ToDictionary(d => d.Key, d => d.Value.Source) : [];
        }
    }

    /// <summary>Overwrites (or adds) a document, bypassing create semantics: what an attacker with index rights can do.</summary>
    public void PutDocument(string index, string id, string source)
    {
        lock (_gate)
        {
            IndexFor(index).Documents[id] = new FakeDocument(id, source);
        }
    }

    public void DeleteDocument(string index, string id)
    {
        lock (_gate)
        {
            _indices[index].Documents.Remove(id);
        }
    }

    public string? Template(string name)
    {
        lock (_gate)
        {
            return _templates.GetValueOrDefault(name);
        }
    }

    public async ValueTask DisposeAsync() => await TakeDownAsync();

    /// <summary>Consumes one injected fault from <paramref name="counter"/>, if any is left.</summary>
    private bool TakeFault(ref int counter)
    {
        lock (_gate)
        {
            if (counter <= 0)
            {
                return false;
            }

            counter--;
            return true;
        }
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var authorization = request.Headers.Authorization.ToString();
        lock (_gate)
        {
            _authorizations.Add(authorization.Length == 0 ? null : authorization);
        }

        var path = (request.Path.Value ?? "/").Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (path is ["_bulk"] or [_, "_bulk"])
        {
            Interlocked.Increment(ref _bulkRequests);
        }

        if (_requiredAuthorization is not null && authorization != _requiredAuthorization)
        {
            await Error(context, 401, "security_exception", "missing authentication credentials for REST request");
            return;
        }

        if (TakeFault(ref _tooManyRequests))
        {
            await Error(context, 429, "es_rejected_execution_exception", "rejected execution of coordinating operation");
            return;
        }

        if (TakeFault(ref _serverErrors))
        {
            await Error(context, 500, "internal_server_error", "injected failure");
            return;
        }

        var body = await ReadBodyAsync(request);
        await Route(context, request.Method, path, body);
    }

    private Task Route(HttpContext context, string method, string[] path, byte[] body) => (method, path) switch
    {
        ("GET", []) => Json(context, 200, """{"name":"test","cluster_name":"elasticsearch-test-server","version":{"number":"8.15.0"},"tagline":"You Know, for Search"}"""),
        ("PUT" or "POST", ["_index_template", var name]) => PutTemplate(context, name, body),
        ("GET", ["_index_template", var name]) => GetTemplate(context, name),
        ("POST" or "PUT", ["_bulk"]) => Bulk(context, null, body),
        ("POST" or "PUT", [var index, "_bulk"]) => Bulk(context, index, body),
        ("GET" or "POST", [var index, "_search"]) => Search(context, index, body),
        ("GET" or "POST", [var index, "_count"]) => CountResponse(context, index),
        ("GET" or "POST", [var index, "_refresh"]) => Refresh(context, index),
        ("DELETE", [var index]) => DeleteIndex(context, index),
        _ => Error(context, 400, "illegal_argument_exception", $"no handler for {method} /{string.Join('/', path)}"),
    };

    private Task PutTemplate(HttpContext context, string name, byte[] body)
    {
        using var _ = System.Text.Json.JsonDocument.Parse(body); // malformed JSON throws → 500, like a parse error
        lock (_gate)
        {
            _templates[name] = System.Text.Encoding.UTF8.GetString(body);
        }

        return Json(context, 200, """{"acknowledged":true}""");
    }

    private Task GetTemplate(HttpContext context, string name)
    {
        var template = Template(name);
        return template is null
            ? Error(context, 404, "resource_not_found_exception", $"index template matching [{name}] not found")
            : Json(context, 200, $$$"""{"index_templates":[{"name":"{{{name}}}","index_template":{{{template}}}}]}""");
    }

    private Task CountResponse(HttpContext context, string index)
    {
        lock (_gate)
        {
            if (!_indices.TryGetValue(index, out var i))
            {
                return IndexNotFound(context, index);
            }

            return Json(context, 200, $$$"""{"count":{{{i.Documents.Count}}},"_shards":{"total":1,"successful":1,"skipped":0,"failed":0}}""");
        }
    }

    private Task Refresh(HttpContext context, string index)
    {
        lock (_gate)
        {
            return _indices.ContainsKey(index)
                ? Json(context, 200, """{"_shards":{"total":1,"successful":1,"failed":0}}""")
                : IndexNotFound(context, index);
        }
    }

    private Task DeleteIndex(HttpContext context, string index)
    {
        lock (_gate)
        {
            return _indices.Remove(index) ? Json(context, 200, """{"acknowledged":true}""") : IndexNotFound(context, index);
        }
    }

    /// <summary>Auto-creates an index, applying the first template whose pattern matches (exact or trailing *). Caller holds the lock.</summary>
    private FakeIndex IndexFor(string name)
    {
        if (!_indices.TryGetValue(name, out var index))
        {
            var template = _templates.Values.FirstOrDefault(t => TemplateMatches(t, name));
            index = _indices[name] = new FakeIndex(name, template);
        }

        return index;
    }

    private static bool TemplateMatches(string template, string index)
    {
        using var doc = System.Text.Json.JsonDocument.Parse(template);
        return doc.RootElement.TryGetProperty("index_patterns", out var patterns)
            && patterns.EnumerateArray().Select(p => p.GetString() ?? string.Empty)
                .Any(p => p == index || (p.EndsWith('*') && index.StartsWith(p[..^1], StringComparison.Ordinal)));
    }

    private static async Task<byte[]> ReadBodyAsync(HttpRequest request)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer);
        return buffer.ToArray();
    }

    private static Task IndexNotFound(HttpContext context, string index)
        => Error(context, 404, "index_not_found_exception", $"no such index [{index}]");

    private static Task Error(HttpContext context, int status, string type, string reason)
    {
        var cause = $"{{\"type\":{Quote(type)},\"reason\":{Quote(reason)}}}";
        return Json(context, status, $"{{\"error\":{{\"root_cause\":[{cause}],\"type\":{Quote(type)},\"reason\":{Quote(reason)}}},\"status\":{status}}}");
    }

    private static string Quote(string text) => System.Text.Json.JsonSerializer.Serialize(text);

    private static async Task Json(HttpContext context, int status, string json)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(json);
    }
}
