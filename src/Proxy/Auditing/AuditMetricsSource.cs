using System.Text;
using MaskingProxy.AuditLog.Shipping;
using MaskingProxy.Proxy.Observability;

namespace MaskingProxy.Proxy.Auditing;

/// <summary>
/// The audit series on /metrics: what the sink handed to the writer and what failed, whether the
/// writer accepts records, and, with shipping configured, how far Elasticsearch is behind.
/// </summary>
internal sealed class AuditMetricsSource : IMetricsSource
{
    private readonly AuditLogSink _sink;
    private readonly AuditShipper? _shipper;

    public AuditMetricsSource(AuditLogSink sink, AuditShipper? shipper)
    {
        _sink = sink;
        _shipper = shipper;
    }

    public void Render(StringBuilder output)
    {
        PrometheusText.Series(output, "maskingproxy_audit_records_total", "counter", "Audit records handed to the audit log writer.", _sink.RecordsAppended);
        PrometheusText.Series(output, "maskingproxy_audit_outcomes_folded_total", "counter", "Statement outcomes written into their statement record (still queued when the statement finished) instead of a statement_outcome record.", _sink.OutcomesFolded);
        PrometheusText.Series(output, "maskingproxy_audit_syncs_total", "counter", "fsyncs of the audit log (in durability: sync one per group commit; records_total / syncs_total is the group size).", _sink.Writer.Syncs);
        PrometheusText.Series(output, "maskingproxy_audit_sync_seconds_total", "counter", "Time spent in those fsyncs; divided by syncs_total, what a flush takes on this disk.", _sink.Writer.SyncTime.TotalSeconds);
        PrometheusText.Series(output, "maskingproxy_audit_writes_total", "counter", "Writes of audit records to the log file (in durability: sync one or a few per group commit).", _sink.Writer.Writes);
        PrometheusText.Series(output, "maskingproxy_audit_write_seconds_total", "counter", "Time spent in those writes; with sync_seconds_total, what a group commit costs on this disk.", _sink.Writer.WriteTime.TotalSeconds);
        PrometheusText.Series(output, "maskingproxy_audit_append_failures_total", "counter", "Audit records the writer could not write (their statements were refused with SQLSTATE 58030).", _sink.AppendFailures);
        PrometheusText.Series(output, "maskingproxy_audit_writer_healthy", "gauge", "1 while the audit log writer accepts records, 0 while writes fail.", _sink.Writer.IsHealthy ? 1 : 0);
        if (_shipper?.Metrics is not { } shipping)
        {
            return;
        }

        PrometheusText.Series(output, "maskingproxy_audit_ship_lag_records", "gauge", "Audit records in the log not yet confirmed by Elasticsearch.", shipping.LagRecords);
        PrometheusText.Series(output, "maskingproxy_audit_ship_lag_seconds", "gauge", "Age of the oldest audit record not yet confirmed by Elasticsearch (0 when caught up).", shipping.LagSeconds);
        PrometheusText.Series(output, "maskingproxy_audit_shipped_total", "counter", "Audit records confirmed stored in Elasticsearch (created, or already present after a retry).", shipping.Shipped);
        PrometheusText.Series(output, "maskingproxy_audit_ship_last_seq", "gauge", "Sequence number of the last audit record confirmed by Elasticsearch.", shipping.LastShippedSeq);
        PrometheusText.Header(output, "maskingproxy_audit_ship_errors_total", "counter", "Shipping problems, by kind: failed requests (retried), poison records (skipped), segment truncations.");
        PrometheusText.Sample(output, "maskingproxy_audit_ship_errors_total{kind=\"request\"}", shipping.FailedRequests);
        PrometheusText.Sample(output, "maskingproxy_audit_ship_errors_total{kind=\"poison\"}", shipping.Poison);
        PrometheusText.Sample(output, "maskingproxy_audit_ship_errors_total{kind=\"truncation\"}", shipping.Truncations);
    }
}
