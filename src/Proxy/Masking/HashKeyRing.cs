using System.Collections.Concurrent;
using MaskingProxy.SqlRewriter.Masks;

namespace MaskingProxy.Proxy.Masking;

/// <summary>
/// Keys of the hash masks, read once from the environment variables the policy names. A missing or
/// short key is not cached, so fixing the environment of a restarted process is all it takes.
/// </summary>
public sealed class HashKeyRing
{
    private readonly ConcurrentDictionary<string, byte[]> _keys = new(StringComparer.Ordinal);

    /// <summary>The key named by <paramref name="environmentVariable"/>; false with the reason when unusable.</summary>
    public bool TryGet(string environmentVariable, out byte[] key, out string? problem)
    {
        if (_keys.TryGetValue(environmentVariable, out key!))
        {
            problem = null;
            return true;
        }
        try
        {
            key = HmacSm3Pseudonym.ReadKey(environmentVariable);
        }
        catch (InvalidOperationException ex)
        {
            key = [];
            problem = ex.Message;
            return false;
        }
        _keys[environmentVariable] = key;
        problem = null;
        return true;
    }
}
