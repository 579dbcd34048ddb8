using Org.BouncyCastle.Crypto.Digests;

namespace MaskingProxy.SqlRewriter.Crypto;

/// <summary>SM3 (GB/T 32905-2016) digests via BouncyCastle.</summary>
public static class Sm3
{
    /// <summary>Digest size in bytes.</summary>
    public const int DigestLength = 32;

    /// <summary>SM3 of <paramref name="data"/>.</summary>
    public static byte[] Hash(ReadOnlySpan<byte> data)
    {
        var digest = new SM3Digest();
        // BouncyCastle 1.8 has no span overloads; a copy of a policy file is cheap.
        byte[] input = data.ToArray();
        digest.BlockUpdate(input, 0, input.Length);
        byte[] output = new byte[DigestLength];
        digest.DoFinal(output, 0);
        return output;
    }

    /// <summary>SM3 of <paramref name="data"/> as lowercase hex.</summary>
    public static string HashHex(ReadOnlySpan<byte> data) => Convert.ToHexStringLower(Hash(data));
}
