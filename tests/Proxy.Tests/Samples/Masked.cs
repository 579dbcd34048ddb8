namespace MaskingProxy.Proxy.Tests.Samples;

/// <summary>
/// The expected output of the sample policies' masks, written from SPEC §3 (characters, not bytes) so
/// that the tests check the database's results against the contract rather than against the mask code.
/// </summary>
public static class Masked
{
    /// <summary><c>keep: { first, last }</c>: one '*' per hidden character; too-short values are hidden entirely.</summary>
    public static string Keep(string raw, int first, int last)
    {
        ArgumentNullException.ThrowIfNull(raw);
        return raw.Length <= first + last
            ? new string('*', raw.Length)
            : raw[..first] + new string('*', raw.Length - first - last) + raw[^last..];
    }

    public static string KeepFirst(string raw, int first) => Keep(raw, first, 0);

    /// <summary><c>email</c>: first character of the local part, three stars, the domain.</summary>
    public static string Email(string raw)
    {
        ArgumentNullException.ThrowIfNull(raw);
        return raw[0] + "***" + raw[raw.IndexOf('@', StringComparison.Ordinal)..];
    }
}
