using System.Globalization;
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
        Series(output, "maskingproxy_audit_records_total", "counter", "Audit records handed to the audit log writer.", _sink.RecordsAppended);
        Series(output, "maskingproxy_audit_append_failures_total", "counter", "Audit records the writer could not write (their statements were refused with SQLSTATE 58030).", _sink.AppendFailures);
        Series(output, "maskingproxy_audit_writer_healthy", "gauge", "1 while the audit log writer accepts records, 0 while writes fail.", _sink.Writer.IsHealthy ? 1 : 0);
        if (_shipper?.Metrics is not { } shipping)
        {
            return;
        }

        Series(output, "maskingproxy_audit_ship_lag_records", "gauge", "Audit records in the log not yet confirmed by Elasticsearch.", shipping.LagRecords);
        Series(output, "maskingproxy_audit_ship_lag_seconds", "gauge", "Age of the oldest audit record not yet confirmed by Elasticsearch (0 when caught up).", shipping.LagSeconds);
        Series(output, "maskingproxy_audit_shipped_total", "counter", "Audit records confirmed stored in Elasticsearch (created, or already present after a retry).", shipping.Shipped);
        Series(output, "maskingproxy_audit_ship_last_seq", "gauge", "Sequence number of the last audit record confirmed by Elasticsearch.", shipping.LastShippedSeq);
        output.Append("# HELP maskingproxy_audit_ship_errors_total Shipping problems, by kind: failed requests (retried), poison records (skipped), segment truncations.\n")
            .Append("# TYPE maskingproxy_audit_ship_errors_total counter\n");
        Sample(output, "maskingproxy_audit_ship_errors_total{kind=\"request\"}", shipping.FailedRequests);
        Sample(output, "maskingproxy_audit_ship_errors_total{kind=\"poison\"}", shipping.Poison);
        Sample(output, "maskingproxy_audit_ship_errors_total{kind=\"truncation\"}", shipping.Truncations);
    }

    private static void Series(StringBuilder output, string name, string type, string help, double value)
    {
        output.Append("# HELP ").Append(name).Append(' ').Append(help).Append('\n')
            .Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');
        Sample(output, name, value);
    }

    private static void Sample(StringBuilder output, string series, double value)
        => output.Append(series).Append(' ').Append(value.ToString(CultureInfo.InvariantCulture)).Append('\n');
}
