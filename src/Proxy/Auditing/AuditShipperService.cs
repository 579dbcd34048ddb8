using System.Diagnostics;
using MaskingProxy.AuditLog.Log;
using MaskingProxy.AuditLog.Shipping;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace MaskingProxy.Proxy.Auditing;

/// <summary>
/// Runs the Elasticsearch shipper in the background (it installs the index template before the first
/// document, retrying until Elasticsearch answers). It only reads the segment files, so an outage
/// or a slow cluster never touches the SQL path. Registered before <see cref="AuditLogService"/>, so
/// it stops after the log closed and gets a few seconds to ship the tail (proxy_stop and the shutdown
/// checkpoint); whatever is left ships after the next start.
/// </summary>
internal sealed class AuditShipperService : IHostedService, IAsyncDisposable
{
    private static readonly TimeSpan TailGrace = TimeSpan.FromSeconds(3);
    private readonly AuditShipper _shipper;
    private readonly string _directory;
    private readonly ElasticsearchOptions _elasticsearch;
    private readonly ILogger _logger;
    private int _state; // 0 created, 1 running, 2 stopped, 3 disposed

    public AuditShipperService(AuditShipper shipper, string directory, ElasticsearchOptions elasticsearch, ILogger logger)
    {
        _shipper = shipper;
        _directory = directory;
        _elasticsearch = elasticsearch;
        _logger = logger;
    }

    public AuditShipper Shipper => _shipper;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.CompareExchange(ref _state, 1, 0) == 0)
        {
            _shipper.Start();
            _logger.LogInformation("Shipping the audit log to {Url}, index {Index}", _elasticsearch.Url, _elasticsearch.Index);
        }

        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.CompareExchange(ref _state, 2, 1) != 1)
        {
            return;
        }

        await WaitForTailAsync(cancellationToken).ConfigureAwait(false);
        await _shipper.StopAsync().ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _state, 3) != 3)
        {
            await _shipper.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task WaitForTailAsync(CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var failures = _shipper.Metrics.FailedRequests;
        while (!CaughtUp())
        {
            // No position yet means the template never got installed: Elasticsearch is not
            // answering, and neither is it likely to within the grace period.
            if (_shipper.Position is null || _shipper.Metrics.FailedRequests != failures
                || Stopwatch.GetElapsedTime(started) >= TailGrace || cancellationToken.IsCancellationRequested)
            {
                _logger.LogInformation("Audit shipping stopped before the end of the log; the rest is shipped after the next start");
                return;
            }

            try
            {
                await Task.Delay(50, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>True when the shipper's position is the end of the last segment.</summary>
    private bool CaughtUp()
    {
        try
        {
            var last = LastSegment();
            var position = _shipper.Position;
            return last is null
                || (position is not null && position.Segment == last.Name && position.Offset >= last.Length);
        }
        catch (IOException)
        {
            return true; // nothing this wait could fix
        }
    }

    private FileInfo? LastSegment()
    {
        var segments = SegmentNames.List(_directory);
        return segments.Count == 0 ? null : new FileInfo(segments[^1].Path);
    }
}
