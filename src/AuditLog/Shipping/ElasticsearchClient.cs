using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace MaskingProxy.AuditLog.Shipping;

/// <summary>
/// The few Elasticsearch REST calls the shipper and the index verifier need, over plain
/// <see cref="HttpClient"/> and System.Text.Json (no client library: the official one is not
/// available to this build, and five endpoints do not justify one). Thread-safe.
/// </summary>
internal sealed class ElasticsearchClient : IDisposable
{
    private static readonly MediaTypeHeaderValue JsonType = new("application/json");
    private static readonly MediaTypeHeaderValue NdjsonType = new("application/x-ndjson");
    private readonly HttpClient _http;
    private readonly Uri _base;

    public ElasticsearchClient(ElasticsearchOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        IndexName.Validate(options.Index);
        Index = options.Index;
        _base = options.Url.AbsoluteUri.EndsWith('/') ? options.Url : new Uri(options.Url.AbsoluteUri + "/");
        _http = new HttpClient(CreateHandler(options), disposeHandler: true) { Timeout = options.RequestTimeout };
        if (options.ApiKey is { Length: > 0 } apiKey)
        {
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("ApiKey", apiKey);
        }
        else if (options.Username is { Length: > 0 } user)
        {
            var token = Convert.ToBase64String(Encoding.UTF8.GetBytes(user + ":" + (options.Password ?? string.Empty)));
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", token);
        }
    }

    public string Index { get; }

    /// <summary>PUT _index_template/{name}.</summary>
    public async Task PutIndexTemplateAsync(string name, byte[] body, CancellationToken ct)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = JsonType;
        using var response = await SendAsync(HttpMethod.Put, "_index_template/" + Uri.EscapeDataString(name), content, ct);
        await EnsureSuccessAsync(response, "PUT _index_template", ct);
    }

    /// <summary>POST _bulk; the per-item results (the call succeeds even when items failed).</summary>
    public async Task<BulkResponse> BulkAsync(ReadOnlyMemory<byte> ndjson, CancellationToken ct)
    {
        using var content = new ReadOnlyMemoryContent(ndjson);
        content.Headers.ContentType = NdjsonType;
        using var response = await SendAsync(HttpMethod.Post, "_bulk", content, ct);
        await EnsureSuccessAsync(response, "POST _bulk", ct);
        var body = await ReadAsync(response, ct);
        return BulkResponse.Parse(body);
    }

    /// <summary>POST {index}/_search with a JSON body; the response document.</summary>
    public async Task<JsonDocument> SearchAsync(byte[] body, CancellationToken ct)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = JsonType;
        using var response = await SendAsync(HttpMethod.Post, Uri.EscapeDataString(Index) + "/_search", content, ct);
        await EnsureSuccessAsync(response, "POST _search", ct);
        return JsonDocument.Parse(await ReadAsync(response, ct));
    }

    /// <summary>GET {index}/_count.</summary>
    public async Task<long> CountAsync(CancellationToken ct)
    {
        using var response = await SendAsync(HttpMethod.Get, Uri.EscapeDataString(Index) + "/_count", null, ct);
        await EnsureSuccessAsync(response, "GET _count", ct);
        using var doc = JsonDocument.Parse(await ReadAsync(response, ct));
        return doc.RootElement.GetProperty("count").GetInt64();
    }

    /// <summary>POST {index}/_refresh: makes shipped documents searchable now (tests, verification right after shipping).</summary>
    public async Task RefreshAsync(CancellationToken ct)
    {
        using var response = await SendAsync(HttpMethod.Post, Uri.EscapeDataString(Index) + "/_refresh", null, ct);
        await EnsureSuccessAsync(response, "POST _refresh", ct);
    }

    /// <summary>DELETE {relative} (index or template clean-up in tests against a real cluster); false when it did not exist.</summary>
    public async Task<bool> DeleteAsync(string relative, CancellationToken ct)
    {
        using var response = await SendAsync(HttpMethod.Delete, relative, null, ct);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }

        await EnsureSuccessAsync(response, "DELETE " + relative, ct);
        return true;
    }

    public void Dispose() => _http.Dispose();

    private static HttpClientHandler CreateHandler(ElasticsearchOptions options)
    {
        var handler = new HttpClientHandler { AutomaticDecompression = DecompressionMethods.All, CheckCertificateRevocationList = false };
        if (options.CaFile is { Length: > 0 } caFile)
        {
            var trust = CaTrust.Load(caFile);
            handler.ServerCertificateCustomValidationCallback = (_, certificate, _, errors) => trust.Validate(certificate, errors);
        }

        return handler;
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string relative, HttpContent? content, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, new Uri(_base, relative)) { Content = content };
        try
        {
            return await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
        }
        catch (HttpRequestException ex)
        {
            throw new ElasticsearchException($"{method} {relative}: {ex.Message}", null, ex);
        }
        catch (TaskCanceledException ex) when (!ct.IsCancellationRequested)
        {
            throw new ElasticsearchException($"{method} {relative}: timed out", null, ex);
        }
    }

    private static async Task<byte[]> ReadAsync(HttpResponseMessage response, CancellationToken ct)
    {
        try
        {
            return await response.Content.ReadAsByteArrayAsync(ct);
        }
        catch (HttpRequestException ex)
        {
            throw new ElasticsearchException("reading the response failed: " + ex.Message, null, ex);
        }
    }

    private static async Task EnsureSuccessAsync(HttpResponseMessage response, string what, CancellationToken ct)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        var body = string.Empty;
        try
        {
            var bytes = await response.Content.ReadAsByteArrayAsync(ct);
            body = Encoding.UTF8.GetString(bytes, 0, Math.Min(bytes.Length, 2048));
        }
        catch (HttpRequestException)
        {
            // The status is what matters; the body is only for the message.
        }

        throw new ElasticsearchException($"{what}: HTTP {(int)response.StatusCode} {body}", response.StatusCode);
    }
}
