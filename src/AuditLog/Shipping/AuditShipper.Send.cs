using System.Net;

namespace MaskingProxy.AuditLog.Shipping;

/// <summary>The retrying parts of <see cref="AuditShipper"/>: the template and the bulk requests.</summary>
public sealed partial class AuditShipper
{
    /// <summary>
    /// PUT the index template, retrying until it succeeds. Shipping waits for it on purpose: a
    /// document indexed before the template would create the index with dynamic mappings, which
    /// cannot be corrected afterwards without a reindex.
    /// </summary>
    private async Task InstallTemplateAsync(CancellationToken ct)
    {
        var body = IndexTemplate.Build(_client.Index);
        while (true)
        {
            try
            {
                await _client.PutIndexTemplateAsync(IndexTemplate.NameFor(_client.Index), body, ct);
                _backoff.Reset();
                Log(ShipperLogLevel.Information, $"index template {IndexTemplate.NameFor(_client.Index)} installed");
                return;
            }
            catch (ElasticsearchException ex)
            {
                Metrics.FailedRequest();
                var delay = _backoff.Next();
                Log(ex.IsTransient ? ShipperLogLevel.Warning : ShipperLogLevel.Error, $"installing the index template failed (attempt {_backoff.Attempt}, retry in {delay.TotalMilliseconds:F0} ms): {ex.Message}");
                await Task.Delay(delay, _options.Time, ct);
            }
        }
    }

    /// <summary>
    /// Sends the batch until every item is confirmed (201/409) or poison. Whole-request failures
    /// (no connection, timeout, 429, 5xx, and also 401/403: credentials get fixed, records must
    /// not be dropped meanwhile) resend the outstanding items after a backoff; per-item 429/5xx
    /// resend only those items. 413 halves the request until a single document is too large,
    /// which is poison.
    /// </summary>
    private async Task SendAsync(PreparedBatch batch, CancellationToken ct)
    {
        var outstanding = new List<PreparedItem>(batch.Items);
        var limit = outstanding.Count;
        while (outstanding.Count > 0)
        {
            var chunk = outstanding.Take(limit).ToList();
            batch.WriteRequest(chunk, _request);
            BulkResponse response;
            try
            {
                response = await _client.BulkAsync(_request.Memory, ct);
            }
            catch (ElasticsearchException ex) when (ex.StatusCode == HttpStatusCode.RequestEntityTooLarge)
            {
                Metrics.FailedRequest();
                if (chunk.Count > 1)
                {
                    limit = Math.Max(1, chunk.Count / 2);
                    continue;
                }

                Poison(chunk[0], 413, "request_entity_too_large", ex.Message);
                outstanding.RemoveAt(0);
                continue;
            }
            catch (ElasticsearchException ex)
            {
                Metrics.FailedRequest();
                await BackOffAsync($"bulk request of {chunk.Count} records failed", ex.Message, ct);
                continue;
            }

            if (!Matches(chunk, response))
            {
                Metrics.FailedRequest();
                await BackOffAsync("bulk response does not match the request", $"{response.Items.Count} items for {chunk.Count} documents, or ids out of order", ct);
                continue;
            }

            var retry = Resolve(chunk, response);
            outstanding.RemoveRange(0, chunk.Count);
            outstanding.InsertRange(0, retry);
            if (retry.Count > 0)
            {
                Metrics.AddRetried(retry.Count);
                var first = response.Items.First(i => i.Outcome == BulkItemOutcome.Retry);
                await BackOffAsync($"{retry.Count} of {chunk.Count} records were not stored", $"HTTP {first.Status} {first.ErrorType}: {first.ErrorReason}", ct);
            }
            else
            {
                _backoff.Reset();
            }
        }
    }

    /// <summary>Counts and logs the chunk's results; returns the items to send again, in order.</summary>
    private List<PreparedItem> Resolve(List<PreparedItem> chunk, BulkResponse response)
    {
        var retry = new List<PreparedItem>();
        long created = 0, present = 0;
        for (var i = 0; i < chunk.Count; i++)
        {
            var result = response.Items[i];
            switch (result.Outcome)
            {
                case BulkItemOutcome.Created:
                    created++;
                    break;
                case BulkItemOutcome.AlreadyExists:
                    present++;
                    break;
                case BulkItemOutcome.Retry:
                    retry.Add(chunk[i]);
                    break;
                default:
                    Poison(chunk[i], result.Status, result.ErrorType, result.ErrorReason);
                    break;
            }
        }

        Metrics.AddShipped(created, present);
        return retry;
    }

    /// <summary>Items answer in request order; a response that does not (wrong count or ids) is not trusted at all.</summary>
    private static bool Matches(List<PreparedItem> chunk, BulkResponse response)
    {
        if (response.Items.Count != chunk.Count)
        {
            return false;
        }

        for (var i = 0; i < chunk.Count; i++)
        {
            if (response.Items[i].Id is { } id && id != chunk[i].Id)
            {
                return false;
            }
        }

        return true;
    }

    private void Poison(PreparedItem item, int status, string? type, string? reason)
    {
        Metrics.AddPoison(1);
        Log(ShipperLogLevel.Error, $"poison: Elasticsearch rejected record {item.Id} with HTTP {status} {type}: {reason}; skipped (it stays in the local log; the index verifier reports it as a gap)");
    }

    private async Task BackOffAsync(string what, string detail, CancellationToken ct)
    {
        var delay = _backoff.Next();
        Log(ShipperLogLevel.Warning, $"{what} (attempt {_backoff.Attempt}, retry in {delay.TotalMilliseconds:F0} ms): {detail}");
        await Task.Delay(delay, _options.Time, ct);
    }
}
