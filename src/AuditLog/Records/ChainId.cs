using System.Security.Cryptography;

namespace MaskingProxy.AuditLog.Records;

/// <summary>
/// Chain ids: 1–64 characters of [0-9a-z-]. New chains get 32 lowercase hex digits (128 random
/// bits). The restricted alphabet means a chain id never needs JSON escaping.
/// </summary>
public static class ChainId
{
    public static string New() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    public static bool IsValid(ReadOnlySpan<char> id)
    {
        if (id.IsEmpty || id.Length > 64)
        {
            return false;
        }

        foreach (var c in id)
        {
            if (c is not ((>= '0' and <= '9') or (>= 'a' and <= 'z') or '-'))
            {
                return false;
            }
        }

        return true;
    }

    public static bool IsValid(ReadOnlySpan<byte> id)
    {
        if (id.IsEmpty || id.Length > 64)
        {
            return false;
        }

        foreach (var c in id)
        {
            if (c is not ((>= (byte)'0' and <= (byte)'9') or (>= (byte)'a' and <= (byte)'z') or (byte)'-'))
            {
                return false;
            }
        }

        return true;
    }
}
