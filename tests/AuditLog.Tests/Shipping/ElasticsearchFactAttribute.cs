namespace MaskingProxy.AuditLog.Tests.Shipping;

/// <summary>
/// A fact that runs against a real Elasticsearch when ELASTICSEARCH_URL is set (optionally
/// ELASTICSEARCH_API_KEY, or ELASTICSEARCH_USER and ELASTICSEARCH_PASSWORD, and ELASTICSEARCH_CA_FILE),
/// and is reported as skipped, with the reason, otherwise.
/// </summary>
public sealed class ElasticsearchFactAttribute : FactAttribute
{
    public const string UrlVariable = "ELASTICSEARCH_URL";

    public ElasticsearchFactAttribute()
    {
        if (string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(UrlVariable)))
        {
            Skip = $"{UrlVariable} is not set: no real Elasticsearch to test against (the same scenario runs against ElasticsearchTestServer)";
        }
    }
}
