using System.Buffers.Binary;
using MaskingProxy.Crypto;

namespace MaskingProxy.Crypto.Tests;

public class Sm3LanesTests
{
    [Fact]
    public void Compress_MessagesOfDifferentLengths_EqualScalarSm3()
    {
        if (!Sm3Lanes.IsSupported)
        {
            return;
        }

        var random = new Random(7);
        var messages = Enumerable.Range(0, Sm3Lanes.Count).Select(i => RandomBytes(random, i * 37 % 300)).ToArray();
        var padded = messages.Select(Pad).ToArray();
        var lanes = new Sm3Lanes();
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
