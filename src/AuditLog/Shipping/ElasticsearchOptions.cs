namespace MaskingProxy.AuditLog.Shipping;

/// <summary>
/// Where and how to reach Elasticsearch (config <c>audit.elasticsearch</c>, CLI <c>audit verify --elasticsearch</c>).
/// Authentication is an API key (<c>Authorization: ApiKey …</c>) or a user and password (basic
/// auth), or none. <see cref="CaFile"/> trusts a private CA (PEM) for HTTPS in addition to nothing
/// else: the server certificate must chain to one of its certificates and match the host name.
/// </summary>
public sealed record ElasticsearchOptions
{
    /// <summary>Base URL, e.g. http://127.0.0.1:9200 (a path prefix behind a reverse proxy is kept).</summary>
    public required Uri Url { get; init; }

    /// <summary>Index name (lowercase); the index template is named after it and matches exactly it.</summary>
    public required string Index { get; init; }

    /// <summary>Encoded API key as Elasticsearch returns it (the "encoded" value, base64 of id:key).</summary>
    public string? ApiKey { get; init; }

    public string? Username { get; init; }

    public string? Password { get; init; }

    /// <summary>PEM file with one or more CA certificates to trust for HTTPS (instead of the system store).</summary>
    public string? CaFile { get; init; }

    /// <summary>Timeout of one HTTP request (a bulk request included).</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Reads a base URL; only absolute http:// and https:// URLs are accepted.</summary>
    public static bool TryParseUrl(string? text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Uri? url) =>
        Uri.TryCreate(text, UriKind.Absolute, out url) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps);
}
