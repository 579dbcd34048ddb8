using MaskingProxy.Crypto;
using MaskingProxy.AuditLog.Verify;

namespace MaskingProxy.AuditLog.Tests.Verify;

public class LineHasherTests
{
    [Fact]
    public void Hash_LinesOfEveryLengthAroundBlockEdges_EqualScalarSm3OfPrevCanonicalBrace()
    {
        if (!LineHasher.IsSupported)
        {
            return;
        }

        using var block = new LineBlock();
        var random = new Random(11);
        var canonicalLengths = Enumerable.Range(0, 200).Select(i => i < 140 ? i : random.Next(140, 3000)).ToArray();
        foreach (var length in canonicalLengths)
        {
            var line = new byte[length + 10];
            random.NextBytes(line);
            var i = block.Count;
            block.Add(line, 0, SegmentReader.LineState.Complete);
            block.Parsed[i].CanonicalLength = length;
            block.ParseError[i] = i % 7 == 3 ? "skipped" : null;
            random.NextBytes(block.Prev[i]);
        }

        new LineHasher().Hash(block, 0, block.Count);

        for (var i = 0; i < block.Count; i++)
        {
            if (block.ParseError[i] is not null)
            {
                continue;
            }

            byte[] message = [.. block.Prev[i], .. block.Line(i)[..canonicalLengths[i]], (byte)'}'];
            Assert.Equal(Sm3.Hash(message), ((ReadOnlySpan<byte>)block.Computed[i]).ToArray());
        }
    }
}
