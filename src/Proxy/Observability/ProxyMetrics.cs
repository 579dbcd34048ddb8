using System.Globalization;
using System.Text;

namespace MaskingProxy.Proxy.Observability;

/// <summary>
/// Process-wide counters, updated with interlocked operations on the hot path and rendered in the
/// Prometheus text exposition format (version 0.0.4) by the admin endpoint.
/// </summary>
public sealed class ProxyMetrics
{
    private static readonly ErrorKind[] Kinds = Enum.GetValues<ErrorKind>();
    private readonly long[] _errors = new long[Kinds.Length];
    private long _connectionsOpen;
    private long _connectionsTotal;
    private long _statements;
    private long _denied;
    private long _bytesClientToBackend;
    private long _bytesBackendToClient;

    public long ConnectionsOpen => Interlocked.Read(ref _connectionsOpen);

    public long ConnectionsTotal => Interlocked.Read(ref _connectionsTotal);

    public long Statements => Interlocked.Read(ref _statements);

    public long BytesClientToBackend => Interlocked.Read(ref _bytesClientToBackend);

    public long BytesBackendToClient => Interlocked.Read(ref _bytesBackendToClient);

    public long Errors(ErrorKind kind) => Interlocked.Read(ref _errors[(int)kind]);

    public void ConnectionOpened()
    {
        Interlocked.Increment(ref _connectionsOpen);
        Interlocked.Increment(ref _connectionsTotal);
    }

    public void ConnectionClosed() => Interlocked.Decrement(ref _connectionsOpen);

    public void Statement() => Interlocked.Increment(ref _statements);

    public void StatementDenied()
    {
        Interlocked.Increment(ref _denied);
        Error(ErrorKind.Denied);
    }

    public void ClientToBackend(int bytes) => Interlocked.Add(ref _bytesClientToBackend, bytes);

    public void BackendToClient(int bytes) => Interlocked.Add(ref _bytesBackendToClient, bytes);

    public void Error(ErrorKind kind) => Interlocked.Increment(ref _errors[(int)kind]);

    /// <summary>Appends the proxy's own series (Prometheus text format 0.0.4).</summary>
    public void Render(StringBuilder sb, bool draining)
    {
        PrometheusText.Series(sb, "maskingproxy_connections_open", "gauge", "Client connections currently open.", ConnectionsOpen);
        PrometheusText.Series(sb, "maskingproxy_connections_total", "counter", "Client connections accepted since start.", ConnectionsTotal);
        PrometheusText.Series(sb, "maskingproxy_statements_total", "counter", "Statement texts seen at the interception point.", Statements);
        PrometheusText.Series(sb, "maskingproxy_statements_denied_total", "counter", "Statements denied.", Interlocked.Read(ref _denied));
        PrometheusText.Header(sb, "maskingproxy_bytes_total", "counter", "Bytes relayed, by direction.");
        PrometheusText.Sample(sb, "maskingproxy_bytes_total{direction=\"client_to_backend\"}", BytesClientToBackend);
        PrometheusText.Sample(sb, "maskingproxy_bytes_total{direction=\"backend_to_client\"}", BytesBackendToClient);
        PrometheusText.Header(sb, "maskingproxy_errors_total", "counter", "Errors, by kind.");
        foreach (var kind in Kinds)
        {
            PrometheusText.Sample(sb, $"maskingproxy_errors_total{{kind=\"{Label(kind)}\"}}", Errors(kind));
        }
        PrometheusText.Series(sb, "maskingproxy_draining", "gauge", "1 while the proxy drains after SIGTERM.", draining ? 1 : 0);
    }

    /// <summary>snake_case label value of an error kind.</summary>
    public static string Label(ErrorKind kind)
    {
        var name = kind.ToString();
        var sb = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0)
            {
                sb.Append('_');
            }
            sb.Append(char.ToLowerInvariant(name[i]));
        }
        return sb.ToString();
    }
}
