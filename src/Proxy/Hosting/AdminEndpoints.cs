using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace MaskingProxy.Proxy.Hosting;

/// <summary>/healthz and /metrics (Prometheus text format 0.0.4) on the admin listener.</summary>
public static class AdminEndpoints
{
    public static void Map(WebApplication app, ProxyServer server)
    {
        app.MapGet("/healthz", () => server.Draining
            ? Results.Text("draining\n", "text/plain", statusCode: StatusCodes.Status503ServiceUnavailable)
            : Results.Text("ok\n", "text/plain"));
        app.MapGet("/metrics", () => Results.Text(server.RenderMetrics(), "text/plain; version=0.0.4; charset=utf-8"));
    }
}
