using System.Text;
using MaskingProxy.Crypto;

namespace MaskingProxy.Crypto.Tests;

public class HmacSm3Tests
{
    private static byte[] Sequence(int count) => Enumerable.Range(1, count).Select(i => (byte)i).ToArray();

    // GM/T 0042-2015 appendix D.3.
    [Fact]
    public void Known_answer_32_byte_key()
    {
        var message = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", 2)));
        Assert.Equal(112, message.Length);
        Assert.Equal(
            "ca05e144ed05d1857840d1f318a4a8669e559fc8391f414485bfdf7bb408963a",
            Convert.ToHexStringLower(HmacSm3.Mac(Sequence(32), message)));
    }

    [Fact]
    public void Known_answer_37_byte_key()
    {
        var message = Enumerable.Repeat((byte)0xcd, 50).ToArray();
        Assert.Equal(
            "220bf579ded555393f0159f66c99877822a3ecf610d1552154b41d44b94db3ae",
            Convert.ToHexStringLower(HmacSm3.Mac(Sequence(37), message)));
    }

    [Fact]
    public void Instance_is_reusable_after_each_mac()
    {
        var mac = new HmacSm3(Sequence(32));
        var first = mac.Compute("record one"u8);
        _ = mac.Compute(new byte[1000]);
        Assert.Equal(first, mac.Compute("record one"u8));
        Assert.Equal(first, HmacSm3.Mac(Sequence(32), "record one"u8));
    }

    [Fact]
    public void Empty_key_is_rejected() => Assert.Throws<ArgumentException>(() => new HmacSm3([]));

    [Theory]
    [InlineData(1)]
    [InlineData(15)]
    [InlineData(16)]
    [InlineData(17)]
    [InlineData(40)]
    public void ComputeOfHashes_AnyCount_EqualsOneMacAtATime(int count)
    {
        var key = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();
        var hashes = new byte[count * Sm3.HashSize];
        new Random(count).NextBytes(hashes);
        var macs = new byte[hashes.Length];
        new HmacSm3(key).ComputeOfHashes(hashes, macs);

        var single = new HmacSm3(key);
        for (var i = 0; i < count; i++)
        {
            Assert.Equal(single.Compute(hashes.AsSpan(i * Sm3.HashSize, Sm3.HashSize)), macs.AsSpan(i * HmacSm3.MacSize, HmacSm3.MacSize).ToArray());
        }
    }
}
