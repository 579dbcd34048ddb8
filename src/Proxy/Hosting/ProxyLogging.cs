using Microsoft.Extensions.Logging;

namespace MaskingProxy.Proxy.Hosting;

/// <summary>One log shape for the host and for what is built before it: JSON lines, UTC microseconds.</summary>
public static class ProxyLogging
{
    public static void Configure(ILoggingBuilder logging)
    {
        logging.ClearProviders();
        logging.AddJsonConsole(o =>
        {
            o.UseUtcTimestamp = true;
            o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.ffffffZ";
        });
        logging.SetMinimumLevel(Enum.TryParse<LogLevel>(Environment.GetEnvironmentVariable("MASKINGPROXY_LOG_LEVEL"), true, out var level) ? level : LogLevel.Information);
        logging.AddFilter("Microsoft", LogLevel.Warning);
    }
}
