using MaskingProxy.Crypto;
using MaskingProxy.SqlRewriter.Masks;
using MaskingProxy.SqlRewriter.Policies;
using Xunit;

namespace MaskingProxy.SqlRewriter.Tests.Masks;

public class HmacSm3PseudonymTests
{
    private static readonly byte[] s_key = "0123456789abcdef-test-key"u8.ToArray();

    [Fact]
    public void Pseudonym_is_the_truncated_lowercase_hex_hmac()
    {
        string full = Convert.ToHexStringLower(HmacSm3.Mac(s_key, "P-0001"u8));
        Assert.Equal(full[..16], HmacSm3Pseudonym.Compute(s_key, "P-0001", 16));
        Assert.Equal(full, HmacSm3Pseudonym.Compute(s_key, "P-0001", 64));
        Assert.Matches("^[0-9a-f]{16}$", HmacSm3Pseudonym.Compute(s_key, "P-0001", 16));
    }

    [Fact]
    public void Pseudonym_is_deterministic_keyed_and_utf8()
    {
        Assert.Equal(HmacSm3Pseudonym.Compute(s_key, "张三", 16), HmacSm3Pseudonym.Compute(s_key, "张三", 16));
        Assert.NotEqual(HmacSm3Pseudonym.Compute(s_key, "张三", 16), HmacSm3Pseudonym.Compute(s_key, "张四", 16));
        byte[] otherKey = "another-key-of-enough-length"u8.ToArray();
        Assert.NotEqual(HmacSm3Pseudonym.Compute(s_key, "张三", 16), HmacSm3Pseudonym.Compute(otherKey, "张三", 16));
        Assert.Equal(Convert.ToHexStringLower(HmacSm3.Mac(s_key, "张三"u8))[..8], HmacSm3Pseudonym.Compute(s_key, "张三", 8));
    }

    [Fact]
    public void Null_stays_null()
    {
        Assert.Null(HmacSm3Pseudonym.Compute(s_key, null, 16));
        Assert.Null(HmacSm3Pseudonym.Compute(new HashMask(HashAlgorithmKind.Sm3, "K", 16), s_key, null));
    }

    [Fact]
    public void Bad_keys_and_lengths_are_refused()
    {
        Assert.Throws<ArgumentException>(() => HmacSm3Pseudonym.Compute("short"u8, "x", 16));
        Assert.Throws<ArgumentOutOfRangeException>(() => HmacSm3Pseudonym.Compute(s_key, "x", 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => HmacSm3Pseudonym.Compute(s_key, "x", 65));
    }

    [Fact]
    public void Key_is_read_from_the_named_environment_variable()
    {
        string name = "MASKINGPROXY_TEST_KEY_" + Guid.NewGuid().ToString("N");
        Assert.Throws<InvalidOperationException>(() => HmacSm3Pseudonym.ReadKey(name));
        try
        {
            Environment.SetEnvironmentVariable(name, "short");
            Assert.Throws<InvalidOperationException>(() => HmacSm3Pseudonym.ReadKey(name));
            Environment.SetEnvironmentVariable(name, "a-sufficiently-long-key");
            Assert.Equal("a-sufficiently-long-key"u8.ToArray(), HmacSm3Pseudonym.ReadKey(name));
        }
        finally
        {
            Environment.SetEnvironmentVariable(name, null);
        }
    }
}
