using System.Buffers.Binary;
using System.Net.Sockets;
using System.Text;

namespace MaskingProxy.Proxy.Tests.Support;

/// <summary>
/// A byte-level PostgreSQL client for tests that need exact control over what is sent: pipelined
/// extended-protocol sequences, split writes, malformed messages. Messages are built with the
/// static helpers and sent raw; replies are read one typed message at a time.
/// </summary>
public sealed class RawPgClient : IAsyncDisposable
{
    private readonly TcpClient _tcp;
    private readonly NetworkStream _stream;

    private RawPgClient(TcpClient tcp)
    {
        _tcp = tcp;
        _stream = tcp.GetStream();
    }

    public static async Task<RawPgClient> ConnectAsync(int port)
    {
        var tcp = new TcpClient { NoDelay = true };
        await tcp.ConnectAsync("127.0.0.1", port);
        return new RawPgClient(tcp);
    }

    /// <summary>Connects and logs in as a trust user; returns after the first ReadyForQuery.</summary>
    public static async Task<RawPgClient> LoginAsync(int port, string user, string database)
    {
        var client = await ConnectAsync(port);
        await client.SendAsync(Startup(user, database));
        await client.ReadUntilReadyAsync();
        return client;
    }

    public Task SendAsync(byte[] bytes) => _stream.WriteAsync(bytes).AsTask();

    /// <summary>Reads one typed message; null when the server closed the connection.</summary>
    public async Task<(char Code, byte[] Body)?> ReadAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(15));
        var header = new byte[5];
        if (!await ReadExactAsync(header, cts.Token))
        {
            return null;
        }
        var length = BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(1));
        var body = new byte[length - 4];
        if (!await ReadExactAsync(body, cts.Token))
        {
            return null;
        }
        return ((char)header[0], body);
    }

    /// <summary>Reads messages up to and including ReadyForQuery; returns all of them.</summary>
    public async Task<List<(char Code, byte[] Body)>> ReadUntilReadyAsync()
    {
        var messages = new List<(char, byte[])>();
        while (true)
        {
            var message = await ReadAsync() ?? throw new IOException("connection closed before ReadyForQuery: " + Describe(messages));
            messages.Add(message);
            if (message.Code == 'Z')
            {
                return messages;
            }
        }
    }

    /// <summary>Reads until the server closes the connection.</summary>
    public async Task<List<(char Code, byte[] Body)>> ReadUntilClosedAsync()
    {
        var messages = new List<(char, byte[])>();
        while (await ReadAsync() is { } message)
        {
            messages.Add(message);
        }
        return messages;
    }

    public static string Describe(IEnumerable<(char Code, byte[] Body)> messages) =>
        string.Join(",", messages.Select(m => m.Code == 'E' || m.Code == 'Z' ? $"{m.Code}({Field(m.Body, m.Code == 'Z' ? '\0' : 'C')})" : m.Code.ToString()));

    /// <summary>A field of an ErrorResponse body ('C' SQLSTATE, 'M' message, 'S' severity); for 'Z' the status.</summary>
    public static string Field(byte[] body, char field)
    {
        if (field == '\0')
        {
            return ((char)body[0]).ToString();
        }
        var offset = 0;
        while (offset < body.Length && body[offset] != 0)
        {
            var type = (char)body[offset++];
            var end = Array.IndexOf(body, (byte)0, offset);
            var value = Encoding.UTF8.GetString(body, offset, end - offset);
            if (type == field)
            {
                return value;
            }
            offset = end + 1;
        }
        return string.Empty;
    }

    public static byte[] Startup(string user, string database, params string[] extraParameters)
    {
        var body = new List<byte>();
        body.AddRange(Int32(196608));
        foreach (var s in new[] { "user", user, "database", database }.Concat(extraParameters))
        {
            body.AddRange(CString(s));
        }
        body.Add(0);
        return [.. Int32(body.Count + 4), .. body];
    }

    public static byte[] Query(string sql) => Message('Q', CString(sql));

    public static byte[] Parse(string name, string sql) => Message('P', [.. CString(name), .. CString(sql), 0, 0]);

    /// <summary>Bind with text-format parameters and all-text results.</summary>
    public static byte[] Bind(string portal, string statement, params string?[] parameters)
    {
        var body = new List<byte>();
        body.AddRange(CString(portal));
        body.AddRange(CString(statement));
        body.AddRange(Int16(0));
        body.AddRange(Int16((short)parameters.Length));
        foreach (var p in parameters)
        {
            if (p is null)
            {
                body.AddRange(Int32(-1));
            }
            else
            {
                var bytes = Encoding.UTF8.GetBytes(p);
                body.AddRange(Int32(bytes.Length));
                body.AddRange(bytes);
            }
        }
        body.AddRange(Int16(0));
        return Message('B', [.. body]);
    }

    public static byte[] Describe(char kind, string name) => Message('D', [(byte)kind, .. CString(name)]);

    public static byte[] Execute(string portal, int maxRows = 0) => Message('E', [.. CString(portal), .. Int32(maxRows)]);

    public static byte[] Close(char kind, string name) => Message('C', [(byte)kind, .. CString(name)]);

    public static byte[] Sync() => Message('S', []);

    public static byte[] Flush() => Message('H', []);

    public static byte[] Terminate() => Message('X', []);

    public static byte[] Message(char code, byte[] body) => [(byte)code, .. Int32(body.Length + 4), .. body];

    public static byte[] CString(string s) => [.. Encoding.UTF8.GetBytes(s), 0];

    public static byte[] Int32(int value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(bytes, value);
        return bytes;
    }

    public static byte[] Int16(short value)
    {
        var bytes = new byte[2];
        BinaryPrimitives.WriteInt16BigEndian(bytes, value);
        return bytes;
    }

    public async ValueTask DisposeAsync()
    {
        await _stream.DisposeAsync();
        _tcp.Dispose();
    }

    private async Task<bool> ReadExactAsync(byte[] buffer, CancellationToken cancellationToken)
    {
        var read = 0;
        while (read < buffer.Length)
        {
            int n;
            try
            {
                n = await _stream.ReadAsync(buffer.AsMemory(read), cancellationToken);
            }
            catch (IOException)
            {
                return false;
            }
            if (n == 0)
            {
                return false;
            }
            read += n;
        }
        return true;
    }
}
