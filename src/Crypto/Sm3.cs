using System.Text;

namespace MaskingProxy.Crypto;

/// <summary>
/// One-shot SM3 (GB/T 32905-2016) helpers over the managed <see cref="Sm3Hasher"/>.
/// Hot paths that hash many records use <see cref="Sm3Hasher"/> instead to reuse the digest state.
/// </summary>
public static class Sm3
{
    /// <summary>Digest size in bytes.</summary>
    public const int HashSize = 32;

    /// <summary>SM3 of <paramref name="data"/>.</summary>
    public static byte[] Hash(ReadOnlySpan<byte> data)
    {
        var result = new byte[HashSize];
        Hash(data, result);
        return result;
    }

    /// <summary>SM3 of <paramref name="data"/> written into <paramref name="destination"/> (32 bytes).</summary>
    public static void Hash(ReadOnlySpan<byte> data, Span<byte> destination)
    {
        var hasher = new Sm3Hasher();
        hasher.Append(data);
        hasher.Finish(destination);
    }

    /// <summary>SM3 of the UTF-8 encoding of <paramref name="text"/>.</summary>
    public static byte[] Hash(string text) => Hash(Encoding.UTF8.GetBytes(text));

    /// <summary>Lowercase hex SM3 of <paramref name="data"/>.</summary>
    public static string HashHex(ReadOnlySpan<byte> data) => Convert.ToHexStringLower(Hash(data));

    /// <summary>Lowercase hex SM3 of the UTF-8 encoding of <paramref name="text"/> (e.g. the statement_sm3 field).</summary>
    public static string HashHex(string text) => Convert.ToHexStringLower(Hash(text));
}
