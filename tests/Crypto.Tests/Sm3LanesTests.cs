using System.Buffers.Binary;
using MaskingProxy.Crypto;

namespace MaskingProxy.Crypto.Tests;

public class Sm3LanesTests
{
    [VectorWidthFact(512)]
    public void Compress_512BitMessagesOfDifferentLengths_EqualScalarSm3() => AssertLanesEqualScalar(new Sm3Lanes(512));

    [VectorWidthFact(256)]
    public void Compress_256BitMessagesOfDifferentLengths_EqualScalarSm3() => AssertLanesEqualScalar(new Sm3Lanes(256));

    [VectorWidthFact(128)]
    public void Compress_128BitMessagesOfDifferentLengths_EqualScalarSm3() => AssertLanesEqualScalar(new Sm3Lanes(128));

    [VectorWidthFact(128)]
    public void SetStateAll_KeyedState_EveryWidthAgrees()
    {
        // The shared-state entry points (HMAC's keyed inner state, shared padding words) on every width here.
        var state = Enumerable.Range(1, 8).Select(i => (uint)i * 0x9E3779B9u).ToArray();
        var digests = new List<byte[]>();
        foreach (var bits in new[] { 128, 256, 512 }.Where(Sm3Lanes.IsWidthSupported))
        {
            var lanes = new Sm3Lanes(bits);
            lanes.SetStateAll(state);
            for (var k = 0; k < 16; k++)
            {
                lanes.LoadWordAll(k, (uint)k * 0x01010101u);
            }

            lanes.LoadWords(3, 0, [1, 2, 3, 4]);
            lanes.Compress();
            var all = new byte[Sm3Lanes.Count * Sm3.HashSize];
            for (var lane = 0; lane < Sm3Lanes.Count; lane++)
            {
                lanes.GetDigest(lane, all.AsSpan(lane * Sm3.HashSize, Sm3.HashSize));
            }

            Assert.Equal(all.AsSpan(0, Sm3.HashSize).ToArray(), all.AsSpan(Sm3.HashSize, Sm3.HashSize).ToArray()); // lanes 0 and 1 same input
            Assert.NotEqual(all.AsSpan(0, Sm3.HashSize).ToArray(), all.AsSpan(3 * Sm3.HashSize, Sm3.HashSize).ToArray()); // lane 3's first word differs
            digests.Add(all);
        }

        Assert.All(digests, d => Assert.Equal(digests[0], d));
    }

    private static void AssertLanesEqualScalar(Sm3Lanes lanes)
    {
        var random = new Random(7);
        var messages = Enumerable.Range(0, Sm3Lanes.Count).Select(i => RandomBytes(random, i * 37 % 300)).ToArray();
        var padded = messages.Select(Pad).ToArray();
        for (var lane = 0; lane < Sm3Lanes.Count; lane++)
        {
            lanes.Reset(lane);
        }

        var digests = new byte[Sm3Lanes.Count][];
        var blocks = padded.Max(p => p.Length) / Sm3Compression.BlockSize;
        for (var b = 0; b < blocks; b++)
        {
            for (var lane = 0; lane < Sm3Lanes.Count; lane++)
            {
                if (b * Sm3Compression.BlockSize < padded[lane].Length)
                {
                    lanes.LoadBlock(lane, padded[lane].AsSpan(b * Sm3Compression.BlockSize));
                }
            }

            lanes.Compress();
            for (var lane = 0; lane < Sm3Lanes.Count; lane++)
            {
                if ((b + 1) * Sm3Compression.BlockSize == padded[lane].Length)
                {
                    digests[lane] = new byte[Sm3.HashSize];
                    lanes.GetDigest(lane, digests[lane]);
                }
            }
        }

        for (var lane = 0; lane < Sm3Lanes.Count; lane++)
        {
            Assert.Equal(Sm3.Hash(messages[lane]), digests[lane]);
        }
    }

    private static byte[] RandomBytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    /// <summary>The message with SM3's padding (§5.2), a whole number of blocks.</summary>
    private static byte[] Pad(byte[] message)
    {
        var length = ((message.Length + 8) / Sm3Compression.BlockSize + 1) * Sm3Compression.BlockSize;
        var padded = new byte[length];
        message.CopyTo(padded, 0);
        padded[message.Length] = 0x80;
        BinaryPrimitives.WriteUInt64BigEndian(padded.AsSpan(length - 8), (ulong)message.Length * 8);
        return padded;
    }
}
