using System.Text;
using MaskingProxy.Crypto;

namespace MaskingProxy.Crypto.Tests;

public class Sm3Tests
{
    // GB/T 32905-2016 appendix A.
    [Theory]
    [InlineData("abc", "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0")]
    [InlineData("abcdabcdabcdabcdabcdabcdabcdabcdabcdabcdabcdabcdabcdabcdabcdabcd", "debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732")]
    public void Known_answers(string message, string expectedHex)
    {
        Assert.Equal(64, message.Length is 3 or 64 ? expectedHex.Length : 0);
        Assert.Equal(expectedHex, Sm3.HashHex(message));
        Assert.Equal(expectedHex, Convert.ToHexStringLower(Sm3.Hash(Encoding.ASCII.GetBytes(message))));
    }

    [Fact]
    public void Incremental_hasher_matches_one_shot_across_scratch_boundaries()
    {
        var data = new byte[5000];
        new Random(7).NextBytes(data);
        var hasher = new Sm3Hasher();
        hasher.Append(data.AsSpan(0, 1));
        hasher.Append(data.AsSpan(1, 2999));
        hasher.Append(data, 3000, 2000);
        var incremental = new byte[32];
        hasher.Finish(incremental);
        Assert.Equal(Sm3.Hash(data), incremental);

        // Finish resets: the same instance hashes the next message from scratch.
        hasher.Append("abc"u8);
        hasher.Finish(incremental);
        Assert.Equal("66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0", Convert.ToHexStringLower(incremental));
    }
}
