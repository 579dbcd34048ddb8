using System.Globalization;

namespace MaskingProxy.Proxy.Hosting;

/// <summary>A "host:port" address from the config; IPv6 literals are written "[::1]:5432". Port 0 asks the OS for a free port (listeners only).</summary>
public sealed record HostPort(string Host, int Port)
{
    public static bool TryParse(string text, out HostPort? value)
    {
        value = null;
        var colon = text.LastIndexOf(':');
        if (colon <= 0 || colon == text.Length - 1)
        {
            return false;
        }
        var host = text[..colon];
        if (host.StartsWith('[') && host.EndsWith(']'))
        {
            host = host[1..^1];
        }
        if (host.Length == 0 ||
            !int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) ||
            port is < 0 or > 65535)
        {
            return false;
        }
        value = new HostPort(host, port);
        return true;
    }

    public override string ToString() => Host.Contains(':', StringComparison.Ordinal) ? $"[{Host}]:{Port}" : $"{Host}:{Port}";
}
