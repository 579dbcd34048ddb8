using System.Net;
using System.Text.Json;
using MaskingProxy.AuditLog.Shipping;

namespace MaskingProxy.AuditLog.Tests.Shipping;

/// <summary>
/// The REST calls tests need and the product never makes (count, refresh, delete), over an
/// <see cref="HttpClient"/> set up like the product's (TLS trust, credentials), so they work against
/// the test server and a real cluster alike.
/// </summary>
internal sealed class ElasticsearchAdmin(ElasticsearchOptions options) : IDisposable
{
    private readonly HttpClient _http = ElasticsearchClient.CreateHttpClient(options);

    private string Index => Uri.EscapeDataString(options.Index);

    /// <summary>GET {index}/_count.</summary>
    public async Task<long> CountAsync()
    {
        using var response = await _http.GetAsync(new Uri(Index + "/_count", UriKind.Relative));
        response.EnsureSuccessStatusCode();
        using var doc = JsonDocument.Parse(await response.Content.ReadAsByteArrayAsync());
        return doc.RootElement.GetProperty("count").GetInt64();
    }

    /// <summary>POST {index}/_refresh: makes shipped documents searchable now.</summary>
    public async Task RefreshAsync()
    {
        using var response = await _http.PostAsync(new Uri(Index + "/_refresh", UriKind.Relative), null);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>DELETE {relative} (index or template clean-up); false when it did not exist.</summary>
    public async Task<bool> DeleteAsync(string relative)
    {
        using var response = await _http.DeleteAsync(new Uri(relative, UriKind.Relative));
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }

        response.EnsureSuccessStatusCode();
        return true;
    }

    public void Dispose() => _http.Dispose();
}
