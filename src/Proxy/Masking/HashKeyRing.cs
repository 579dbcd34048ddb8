using System.Collections.Concurrent;
using MaskingProxy.SqlRewriter.Masks;
using Microsoft.Extensions.Logging;

namespace MaskingProxy.Proxy.Masking;

/// <summary>
/// Keys of the hash masks, read once from the environment variables the policy names. The outcome
/// is kept either way: a process's environment does not change while it runs, so a missing or short
/// key is logged once and every statement needing it is denied with the reason until a restart.
/// </summary>
public sealed class HashKeyRing(ILogger logger)
{
    private readonly ConcurrentDictionary<string, (byte[] Key, string? Problem)> _keys = new(StringComparer.Ordinal);

    /// <summary>The key named by <paramref name="environmentVariable"/>; false with the reason when unusable.</summary>
    public bool TryGet(string environmentVariable, out byte[] key, out string? problem)
    {
        (key, problem) = _keys.GetOrAdd(environmentVariable, Read, logger);
        return problem is null;
    }

    private static (byte[] Key, string? Problem) Read(string environmentVariable, ILogger logger)
    {
        try
        {
            return (HmacSm3Pseudonym.ReadKey(environmentVariable), null);
        }
        catch (InvalidOperationException ex)
        {
            MaskingLog.HashKeyMissing(logger, ex.Message);
            return ([], ex.Message);
        }
    }
}
