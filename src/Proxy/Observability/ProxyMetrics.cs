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

    public string RenderPrometheus(bool draining)
    {
        var sb = new StringBuilder(1024);
        Gauge(sb, "maskingproxy_connections_open", "Client connections currently open.", ConnectionsOpen);
        Counter(sb, "maskingproxy_connections_total", "Client connections accepted since start.", ConnectionsTotal);
        Counter(sb, "maskingproxy_statements_total", "Statement texts seen at the interception point.", Statements);
        Counter(sb, "maskingproxy_statements_denied_total", "Statements denied.", Interlocked.Read(ref _denied));
        sb.Append("# HELP maskingproxy_bytes_total Bytes relayed, by direction.\n# TYPE maskingproxy_bytes_total counter\n");
        sb.Append(CultureInfo.InvariantCulture, $"maskingproxy_bytes_total{{direction=\"client_to_backend\"}} {BytesClientToBackend}\n");
        sb.Append(CultureInfo.InvariantCulture, $"maskingproxy_bytes_total{{direction=\"backend_to_client\"}} {BytesBackendToClient}\n");
        sb.Append("# HELP maskingproxy_errors_total Errors, by kind.\n# TYPE maskingproxy_errors_total counter\n");
        foreach (var kind in Kinds)
        {
            sb.Append(CultureInfo.InvariantCulture, $"maskingproxy_errors_total{{kind=\"{Label(kind)}\"}} {Errors(kind)}\n");
        }
        Gauge(sb, "maskingproxy_draining", "1 while the proxy drains after SIGTERM.", draining ? 1 : 0);
        return sb.ToString();
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

    private static void Counter(StringBuilder sb, string name, string help, long value) =>
        sb.Append(CultureInfo.InvariantCulture, $"# HELP {name} {help}\n# TYPE {name} counter\n{name} {value}\n");

    private static void Gauge(StringBuilder sb, string name, string help, long value) =>
        sb.Append(CultureInfo.InvariantCulture, $"# HELP {name} {help}\n# TYPE {name} gauge\n{name} {value}\n");
}
