using System.Net;

namespace MaskingProxy.AuditLog.Shipping;

/// <summary>
/// Elasticsearch answered with an error status (or could not be reached: <see cref="StatusCode"/>
/// null). <see cref="IsTransient"/>: worth retrying with backoff (no answer, 429, 5xx).
/// </summary>
public sealed class ElasticsearchException : Exception
{
    public ElasticsearchException()
    {
    }

    public ElasticsearchException(string message)
        : base(message)
    {
    }

    public ElasticsearchException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ElasticsearchException(string message, HttpStatusCode? statusCode, Exception? innerException = null)
        : base(message, innerException)
    {
        StatusCode = statusCode;
    }

    /// <summary>The HTTP status, or null when no response arrived (connection refused, timeout, TLS failure).</summary>
    public HttpStatusCode? StatusCode { get; }

    public bool IsTransient => StatusCode is null || StatusCode == HttpStatusCode.TooManyRequests || (int)StatusCode >= 500;
}
