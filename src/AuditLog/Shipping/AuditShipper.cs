using MaskingProxy.AuditLog.Log;
using MaskingProxy.AuditLog.Records;

namespace MaskingProxy.AuditLog.Shipping;

/// <summary>
/// Ships the local audit log to Elasticsearch in the background: at least once and idempotent.
/// <para>
/// It tails the segment files from a persisted position, reads complete lines only, sends them as
/// <c>_bulk</c> <c>create</c> requests with document id <c>chain:seq</c> (so a resend is answered
/// 409 "already there", never stored twice), retries what failed with capped exponential backoff
/// and full jitter, and moves the position past a batch only once every record in it is
/// confirmed. Poison records (4xx other than 409) are logged, counted and skipped: see
/// docs/audit-format.md §17. An Elasticsearch outage therefore loses nothing and duplicates
/// nothing; records wait in the local log, which stays the source of truth.
/// </para>
/// <para>
/// It never touches the SQL path: it only reads files the writer has written, with sharing that
/// does not conflict with the writer, on its own task.
/// </para>
/// </summary>
public sealed partial class AuditShipper : IAsyncDisposable
{
    private readonly ShipperOptions _options;
    private readonly ElasticsearchClient _client;
    private readonly SegmentTailReader _reader;
    private readonly PositionStore _store;
    private readonly Backoff _backoff;
    private readonly ByteBuffer _request = new(64 * 1024);
    private readonly CancellationTokenSource _stop = new();
    private Task? _loop;
    private ShipperPosition? _position;
    private bool _templateInstalled;

    public AuditShipper(ShipperOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.MaxBatchRecords < 1 || options.MaxBatchBytes < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "Batch limits must be positive.");
        }

        _options = options;
        _client = new ElasticsearchClient(options.Elasticsearch);
        _reader = new SegmentTailReader(options.Directory);
        _store = new PositionStore(options.ResolvedPositionFile);
        _backoff = new Backoff(options.InitialBackoff, options.MaxBackoff);
        Metrics = new ShipperMetrics(options.Time);
    }

    public ShipperMetrics Metrics { get; }

    /// <summary>The last position written to the position file (null before the first batch or resume).</summary>
    public ShipperPosition? Position => Volatile.Read(ref _position);

    /// <summary>Starts the background loop (once).</summary>
    public void Start()
    {
        if (_loop is not null)
        {
            throw new InvalidOperationException("The shipper is already running.");
        }

        _loop = Task.Run(() => RunAsync(_stop.Token));
    }

    /// <summary>Stops the loop; a batch in flight is abandoned (resent after restart, answered 409).</summary>
    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        if (_loop is not null)
        {
            try
            {
                await _loop;
            }
            catch (OperationCanceledException)
            {
                // Expected: cancellation is how the loop ends.
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _client.Dispose();
        _request.Dispose();
        _stop.Dispose();
    }

    /// <summary>
    /// Ships one batch (installing the template and loading the position first if not done yet).
    /// Returns false when there was nothing to ship. Used by the loop and by tests that step it.
    /// </summary>
    internal async Task<bool> ShipOnceAsync(CancellationToken ct)
    {
        if (!_templateInstalled && _options.InstallTemplate)
        {
            await InstallTemplateAsync(ct);
        }

        _templateInstalled = true;
        var position = _position ?? Resume();
        if (position is null)
        {
            return false; // no segment yet
        }

        using var batch = _reader.Read(position.Segment, position.Offset, _options.MaxBatchRecords, _options.MaxBatchBytes);
        if (batch.Truncated)
        {
            Metrics.Truncated();
            Log(ShipperLogLevel.Error, $"{position.Segment} is shorter than the shipped offset {position.Offset}: the writer cut bytes after a write failure; re-shipping the segment from its start (records Elasticsearch already has answer 409; a sequence number the writer reused keeps its first version in the index, which the index verifier reports)");
            Save(position with { Offset = 0 });
            return true;
        }

        foreach (var skipped in batch.Skipped)
        {
            Log(ShipperLogLevel.Error, "poison: " + skipped);
        }

        Metrics.AddPoison(batch.Skipped.Count);
        using var prepared = PreparedBatch.From(batch, _client.Index);
        foreach (var problem in prepared.Unparseable)
        {
            Log(ShipperLogLevel.Error, "poison: " + problem);
        }

        Metrics.AddPoison(prepared.Unparseable.Count);
        var end = new ShipperPosition(batch.EndSegment, batch.EndOffset, prepared.Items.Count > 0 ? prepared.LastSeq : position.Seq, prepared.LastChain ?? position.Chain);
        if (batch.Lines.Count == 0)
        {
            if (end != position)
            {
                Save(end);
            }

            Metrics.SetLag(0, null);
            return false;
        }

        // One look at the head per batch: records appended while the batch is in flight count
        // towards the next batch's lag.
        var head = LastLine.HeadSeq(_options.Directory);
        Metrics.SetLag(LagAfter(head, position.Seq), prepared.FirstTimestamp);
        await SendAsync(prepared, ct);
        Save(end);
        Metrics.SetLastShipped(end.Seq);
        var lag = LagAfter(head, end.Seq);
        Metrics.SetLag(lag, lag > 0 ? _options.Time.GetUtcNow() : null);
        return true;
    }

    private async Task RunAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            bool shipped;
            try
            {
                shipped = await ShipOnceAsync(ct);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // A file we read vanished or became unreadable: report and try again later.
                Log(ShipperLogLevel.Error, "reading the audit log failed: " + ex.Message);
                await Task.Delay(_backoff.Next(), _options.Time, ct);
                continue;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Whatever went wrong, the shipper must not die silently: the trail would stop
                // reaching the index with nobody told. Log it and try again after a backoff.
                Log(ShipperLogLevel.Error, "shipping failed unexpectedly: " + ex);
                await Task.Delay(_backoff.Next(), _options.Time, ct);
                continue;
            }

            if (!shipped)
            {
                await Task.Delay(_options.PollInterval, _options.Time, ct);
            }
        }
    }

    /// <summary>The saved position, checked against the log; or the start of the directory.</summary>
    private ShipperPosition? Resume()
    {
        var saved = _store.Load(out var problem);
        if (problem is not null)
        {
            Log(ShipperLogLevel.Warning, problem);
        }

        if (saved is not null && saved.Offset > 0)
        {
            var path = Path.Combine(_options.Directory, saved.Segment);
            if (File.Exists(path) && LastLine.EndingAt(path, saved.Offset) is var last && (last is null || last.Value.Seq != saved.Seq || last.Value.Chain != saved.Chain))
            {
                Log(ShipperLogLevel.Warning, $"the line before offset {saved.Offset} of {saved.Segment} is not record {saved.Chain}:{saved.Seq} (audit directory replaced or changed); shipping starts over from the first segment");
                saved = null;
            }
        }

        if (saved is null)
        {
            var segments = SegmentNames.List(_options.Directory);
            if (segments.Count == 0)
            {
                return null;
            }

            saved = ShipperPosition.Start(Path.GetFileName(segments[0].Path));
        }

        Volatile.Write(ref _position, saved);
        Metrics.SetLastShipped(saved.Seq);
        return saved;
    }

    private void Save(ShipperPosition position)
    {
        _store.Save(position);
        Volatile.Write(ref _position, position);
    }

    private static long LagAfter(long? head, long shippedSeq) => head is { } h ? h - shippedSeq : 0;

    private void Log(ShipperLogLevel level, string message) => _options.Log?.Invoke(level, message);
}
