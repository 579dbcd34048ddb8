using MaskingProxy.Proxy.Postgres.Protocol;

namespace MaskingProxy.Proxy.Postgres.Messages;

/// <summary>
/// StartupMessage (docs §55.7): int32 protocol version, then name/value C-string pairs ended by an
/// empty name. The raw packet is kept so it reaches the backend byte for byte.
/// </summary>
public sealed class StartupMessage
{
    private StartupMessage(int protocolVersion, IReadOnlyList<KeyValuePair<string, string>> parameters, byte[] raw)
    {
        ProtocolVersion = protocolVersion;
        Parameters = parameters;
        Raw = raw;
    }

    public int ProtocolVersion { get; }

    public IReadOnlyList<KeyValuePair<string, string>> Parameters { get; }

    /// <summary>The whole packet including its length word.</summary>
    public byte[] Raw { get; }

    public string User => Get("user") ?? string.Empty;

    /// <summary>The database defaults to the user name, as the server does.</summary>
    public string Database => Get("database") ?? User;

    public string? ApplicationName => Get("application_name");

    public string? Replication => Get("replication");

    public string? Get(string name)
    {
        foreach (var p in Parameters)
        {
            if (p.Key == name)
            {
                return p.Value;
            }
        }
        return null;
    }

    /// <summary>Parses a whole packet (length word included).</summary>
    public static bool TryParse(ReadOnlySpan<byte> packet, out StartupMessage? message, out string? error)
    {
        message = null;
        error = null;
        if (packet.Length < 8)
        {
            error = "startup packet too short";
            return false;
        }
        var version = PgWire.ReadInt32(packet[4..]);
        var parameters = new List<KeyValuePair<string, string>>();
        var offset = 8;
        while (true)
        {
            if (!PgWire.TryReadCString(packet, ref offset, out var name))
            {
                error = "startup packet has an unterminated parameter name";
                return false;
            }
            if (name.Length == 0)
            {
                break;
            }
            if (!PgWire.TryReadCString(packet, ref offset, out var value))
            {
                error = $"startup packet has no value for parameter \"{name}\"";
                return false;
            }
            parameters.Add(new(name, value));
        }
        if (offset != packet.Length)
        {
            error = "startup packet has bytes after its terminator";
            return false;
        }
        if (!parameters.Exists(p => p.Key == "user"))
        {
            error = "no PostgreSQL user name specified in startup packet";
            return false;
        }
        message = new StartupMessage(version, parameters, packet.ToArray());
        return true;
    }
}
