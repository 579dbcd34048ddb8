using System.Globalization;
using System.Security.Cryptography;

namespace MaskingProxy.Proxy.Postgres;

/// <summary>
/// A denied statement is replaced by a text the backend rejects at raw parse time, so the backend
/// itself does what the protocol requires after an error: in the extended protocol it discards
/// messages until Sync, inside a transaction block it enters the failed state (so a later COMMIT
/// rolls back, exactly as PostgreSQL), and ReadyForQuery reports the true status. The backend's
/// syntax error echoes the marker token, which carries a per-process random nonce (clients cannot
/// forge it) and the denial id; the backend pump swaps that error for the proxy's 42501.
/// A raw-parse error happens before any transaction-state check, so it is raised even in an
/// aborted transaction.
/// </summary>
public static class DenyMarker
{
    private static readonly string Prefix = "mp_deny_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)) + "_";

    public static string Create(int id) => Prefix + id.ToString(CultureInfo.InvariantCulture);

    /// <summary>Finds the denial id in a backend error message; false when the error is not ours.</summary>
    public static bool TryMatch(string? message, out int id)
    {
        id = 0;
        if (message is null)
        {
            return false;
        }
        var at = message.IndexOf(Prefix, StringComparison.Ordinal);
        if (at < 0)
        {
            return false;
        }
        var start = at + Prefix.Length;
        var end = start;
        while (end < message.Length && char.IsAsciiDigit(message[end]))
        {
            end++;
        }
        return int.TryParse(message.AsSpan(start, end - start), NumberStyles.None, CultureInfo.InvariantCulture, out id);
    }
}
