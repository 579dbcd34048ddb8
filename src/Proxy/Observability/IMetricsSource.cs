using System.Text;

namespace MaskingProxy.Proxy.Observability;

/// <summary>A component that adds its own series to /metrics (Prometheus text format 0.0.4).</summary>
public interface IMetricsSource
{
    /// <summary>Appends complete lines (with # HELP / # TYPE) to <paramref name="output"/>.</summary>
    void Render(StringBuilder output);
}
