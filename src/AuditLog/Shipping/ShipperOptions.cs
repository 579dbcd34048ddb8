namespace MaskingProxy.AuditLog.Shipping;

/// <summary>Configuration of an <see cref="AuditShipper"/>.</summary>
public sealed record ShipperOptions
{
    /// <summary>The audit directory the writer appends to (read only).</summary>
    public required string Directory { get; init; }

    public required ElasticsearchOptions Elasticsearch { get; init; }

    /// <summary>Position file; default <c>{Directory}/elasticsearch-{index}.position</c> (ignored by the writer and the verifier).</summary>
    public string? PositionFile { get; init; }

    /// <summary>Most records per bulk request.</summary>
    public int MaxBatchRecords { get; init; } = 1000;

    /// <summary>Bulk request size budget in bytes (a request may exceed it by one document).</summary>
    public int MaxBatchBytes { get; init; } = 5 * 1024 * 1024;

    /// <summary>How often the segments are checked for new lines once everything is shipped.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>First retry delay bound; doubles per consecutive failure up to <see cref="MaxBackoff"/> (full jitter).</summary>
    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromMilliseconds(100);

    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Install the index template on start (PUT _index_template). Off when the template is managed elsewhere.</summary>
    public bool InstallTemplate { get; init; } = true;

    /// <summary>Where the shipper reports problems (level, message); null: silent. The SQL path never waits on it.</summary>
    public Action<ShipperLogLevel, string>? Log { get; init; }

    public TimeProvider Time { get; init; } = TimeProvider.System;

    internal string ResolvedPositionFile => PositionFile ?? Path.Combine(Directory, $"elasticsearch-{Elasticsearch.Index}.position");
}
