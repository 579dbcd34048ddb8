using System.Globalization;
using System.Text;

namespace MaskingProxy.Proxy.Observability;

/// <summary>
/// Process-wide counters, rendered in the Prometheus text exposition format (version 0.0.4) by the
/// admin endpoint. Those the relay adds to per message (statements, bytes) are striped, so event
/// threads on different cores do not share their cache lines; the rest are plain interlocked.
/// </summary>
public sealed class ProxyMetrics
{
    private static readonly ErrorKind[] Kinds = Enum.GetValues<ErrorKind>();
    private readonly long[] _errors = new long[Kinds.Length];
    private readonly StripedCounter _statements = new();
    private readonly StripedCounter _bytesClientToBackend = new();
    private readonly StripedCounter _bytesBackendToClient = new();
    private long _connectionsOpen;
    private long _connectionsTotal;
    private long _denied;

    public long ConnectionsOpen => Interlocked.Read(ref _connectionsOpen);

    public long ConnectionsTotal => Interlocked.Read(ref _connectionsTotal);

    public long Statements => _statements.Value;

    public long BytesClientToBackend => _bytesClientToBackend.Value;

    public long BytesBackendToClient => _bytesBackendToClient.Value;

    public long Errors(ErrorKind kind) => Interlocked.Read(ref _errors[(int)kind]);

    public void ConnectionOpened()
    {
        Interlocked.Increment(ref _connectionsOpen);
        Interlocked.Increment(ref _connectionsTotal);
    }

    public void ConnectionClosed() => Interlocked.Decrement(ref _connectionsOpen);

    public void Statement() => _statements.Increment();

    public void StatementDenied()
    {
        Interlocked.Increment(ref _denied);
        Error(ErrorKind.Denied);
    }

    public void ClientToBackend(int bytes) => _bytesClientToBackend.Add(bytes);

    public void BackendToClient(int bytes) => _bytesBackendToClient.Add(bytes);

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
