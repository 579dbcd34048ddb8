using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace MaskingProxy.Proxy.Postgres;

/// <summary>
/// Maps the (process id, secret) pairs the proxy hands to clients in BackendKeyData to live
/// sessions. Clients never see backend keys: a cancel must come through the proxy and is routed to
/// the backend session that owns the key (docs §55.2.7).
/// </summary>
public sealed class CancelRegistry
{
    private readonly ConcurrentDictionary<long, PgSession> _sessions = new();

    public (int ProcessId, int SecretKey) Register(PgSession session, int processId)
    {
        while (true)
        {
            var secret = RandomNumberGenerator.GetInt32(int.MinValue, int.MaxValue);
            if (_sessions.TryAdd(Key(processId, secret), session))
            {
                return (processId, secret);
            }
        }
    }

    public void Unregister(int processId, int secretKey) => _sessions.TryRemove(Key(processId, secretKey), out _);

    public PgSession? Find(int processId, int secretKey) =>
        _sessions.TryGetValue(Key(processId, secretKey), out var session) ? session : null;

    private static long Key(int processId, int secretKey) => ((long)processId << 32) | (uint)secretKey;
}
