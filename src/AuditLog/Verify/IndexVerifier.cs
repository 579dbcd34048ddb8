using System.Net;
using MaskingProxy.AuditLog.Crypto;
using MaskingProxy.AuditLog.Shipping;

namespace MaskingProxy.AuditLog.Verify;

/// <summary>
/// Verifies the audit records shipped to an Elasticsearch index with the same checks as
/// <see cref="AuditVerifier"/> (shared engine): per chain, seq continuity from 1, hash links, MACs
/// (with the HMAC key), checkpoint signatures (with the public key), segment records; plus the
/// shipper's searchable copy. Documents are re-canonicalized, so a re-serialized <c>_source</c>
/// still verifies while any changed value does not.
/// <para>
/// Tail: by default the index is taken as live (a proxy is still shipping), so records after the
/// last checkpoint are reported as unsigned, not as broken. Set
/// <see cref="VerifyOptions.WriterRunning"/> to false for an archived index: then every chain must
/// end with a shutdown checkpoint.
/// </para>
/// </summary>
public static class IndexVerifier
{
    public static Task<VerifyResult> VerifyAsync(ElasticsearchOptions elasticsearch, KeyMaterial? keys, VerifyOptions? options = null, CancellationToken ct = default)
        => VerifyAsync(elasticsearch, keys, options, pageSize: 1000, ct);

    /// <param name="pageSize">Documents per search request (tests use small pages to exercise paging).</param>
    internal static async Task<VerifyResult> VerifyAsync(ElasticsearchOptions elasticsearch, KeyMaterial? keys, VerifyOptions? options, int pageSize, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(elasticsearch);
        options ??= new VerifyOptions();
        try
        {
            using var client = new ElasticsearchClient(elasticsearch);
            using var run = new IndexVerificationRun(keys, options);
            return await run.ExecuteAsync(new IndexPager(client, pageSize), ct);
        }
        catch (ElasticsearchException ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            return AuditVerifier.Unusable($"Index {elasticsearch.Index} does not exist at {elasticsearch.Url}: {ex.Message}");
        }
        catch (ElasticsearchException ex)
        {
            return AuditVerifier.Unusable($"Cannot read index {elasticsearch.Index} at {elasticsearch.Url}: {ex.Message}");
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or IOException or System.Security.Cryptography.CryptographicException or System.Text.Json.JsonException or KeyNotFoundException)
        {
            return AuditVerifier.Unusable($"Cannot verify index {elasticsearch.Index} at {elasticsearch.Url}: {ex.Message}");
        }
    }
}
