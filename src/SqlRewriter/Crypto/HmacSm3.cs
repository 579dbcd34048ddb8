using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Macs;
using Org.BouncyCastle.Crypto.Parameters;

namespace MaskingProxy.SqlRewriter.Crypto;

/// <summary>HMAC (RFC 2104) with SM3 as the hash function, via BouncyCastle.</summary>
public static class HmacSm3
{
    /// <summary>MAC size in bytes.</summary>
    public const int MacLength = Sm3.DigestLength;

    /// <summary>HMAC-SM3 of <paramref name="data"/> under <paramref name="key"/>.</summary>
    public static byte[] Compute(ReadOnlySpan<byte> key, ReadOnlySpan<byte> data)
    {
        var mac = new HMac(new SM3Digest());
        mac.Init(new KeyParameter(key.ToArray()));
        byte[] input = data.ToArray();
        mac.BlockUpdate(input, 0, input.Length);
        byte[] output = new byte[MacLength];
        mac.DoFinal(output, 0);
        return output;
    }
}
