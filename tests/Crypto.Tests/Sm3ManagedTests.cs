using FsCheck;
using FsCheck.Fluent;
using MaskingProxy.Crypto;
using Org.BouncyCastle.Crypto.Digests;

namespace MaskingProxy.Crypto.Tests;

/// <summary>The managed SM3 (Sm3Compression/Sm3Hasher) against BouncyCastle's SM3Digest as an independent reference.</summary>
public class Sm3ManagedTests
{
    private static byte[] Reference(ReadOnlySpan<byte> data)
    {
        var digest = new SM3Digest();
        var bytes = data.ToArray();
        digest.BlockUpdate(bytes, 0, bytes.Length);
        var output = new byte[32];
        digest.DoFinal(output, 0);
        return output;
    }

    private static byte[] Managed(byte[] data, int[] cuts)
    {
        var hasher = new Sm3Hasher();
        var at = 0;
        foreach (var cut in cuts.Select(c => Math.Abs(c % (data.Length + 1))).Order())
        {
            hasher.Append(data.AsSpan(at, cut - at));
            at = cut;
        }

        hasher.Append(data.AsSpan(at));
        var output = new byte[32];
        hasher.Finish(output);
        return output;
    }

    [Fact]
    public void Every_length_around_the_padding_boundaries_matches_the_reference()
    {
        var random = new Random(1);
        for (var length = 0; length <= 300; length++)
        {
            var data = new byte[length];
            random.NextBytes(data);
            Assert.Equal(Reference(data), Managed(data, []));
        }
    }

    [Fact]
    public void Random_inputs_split_anywhere_match_the_reference()
        => Prop.ForAll<byte[], int[]>((data, cuts) => Managed(data, cuts).AsSpan().SequenceEqual(Reference(data)))
            .QuickCheckThrowOnFailure();

    [Fact]
    public void Large_inputs_match_the_reference()
    {
        var data = new byte[1 << 20];
        new Random(2).NextBytes(data);
        Assert.Equal(Reference(data), Managed(data, [12345, 777777]));
    }

    [Fact]
    public void The_hmac_matches_the_reference_for_every_key_length_class()
    {
        var random = new Random(3);
        foreach (var keyLength in new[] { 1, 16, 32, 63, 64, 65, 200 })
        {
            var key = new byte[keyLength];
            random.NextBytes(key);
            var reference = new Org.BouncyCastle.Crypto.Macs.HMac(new SM3Digest());
            reference.Init(new Org.BouncyCastle.Crypto.Parameters.KeyParameter(key));
            var hmac = new HmacSm3(key);
            foreach (var messageLength in new[] { 0, 1, 32, 55, 56, 64, 100, 1000 })
            {
                var message = new byte[messageLength];
                random.NextBytes(message);
                reference.BlockUpdate(message, 0, message.Length);
                var expected = new byte[32];
                reference.DoFinal(expected, 0);
                Assert.Equal(expected, hmac.Compute(message));
                Assert.Equal(expected, hmac.Compute(message)); // reusable
            }
        }
    }
}
