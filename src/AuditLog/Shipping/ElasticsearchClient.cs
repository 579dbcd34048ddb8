using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace MaskingProxy.AuditLog.Shipping;

/// <summary>
/// The few Elasticsearch REST calls the shipper and the index verifier need, over plain
/// <see cref="HttpClient"/> and System.Text.Json (no client library: the official one is not
/// available to this build, and three endpoints do not justify one). Thread-safe.
/// </summary>
internal sealed class ElasticsearchClient : IDisposable
{
    private static readonly MediaTypeHeaderValue JsonType = new("application/json");
    private static readonly MediaTypeHeaderValue NdjsonType = new("application/x-ndjson");
    private readonly HttpClient _http;

    public ElasticsearchClient(ElasticsearchOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        IndexName.Validate(options.Index);
        Index = options.Index;
        _http = CreateHttpClient(options);
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

    public void Dispose() => _http.Dispose();

    /// <summary>
    /// An <see cref="HttpClient"/> for <paramref name="options"/>: base address, TLS trust, timeout and
    /// credentials. Internal so that tests reach the same cluster the same way for the calls the
    /// product never makes (count, refresh, delete).
    /// </summary>
    internal static HttpClient CreateHttpClient(ElasticsearchOptions options)
    {
        var http = new HttpClient(CreateHandler(options), disposeHandler: true)
        {
            // With a trailing slash, relative paths are appended to the URL's path instead of replacing its last segment.
            BaseAddress = options.Url.AbsoluteUri.EndsWith('/') ? options.Url : new Uri(options.Url.AbsoluteUri + "/"),
            Timeout = options.RequestTimeout,
        };
        if (options.ApiKey is { Length: > 0 } apiKey)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("ApiKey", apiKey);
        }
        else if (options.Username is { Length: > 0 } user)
        {
            var token = Convert.ToBase64String(Encoding.UTF8.GetBytes(user + ":" + (options.Password ?? string.Empty)));
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", token);
        }

        return http;
    }

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
        using var request = new HttpRequestMessage(method, new Uri(_http.BaseAddress!, relative)) { Content = content };
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
