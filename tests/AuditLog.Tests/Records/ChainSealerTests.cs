using System.Text;
using MaskingProxy.Crypto;
using MaskingProxy.AuditLog.Crypto;
using MaskingProxy.AuditLog.Records;
using MaskingProxy.AuditLog.Tests.Support;

namespace MaskingProxy.AuditLog.Tests.Records;

public class ChainSealerTests
{
    private const string Chain = "test-chain";

    private static List<byte[]> SealLines(int count, bool checkpointEvery3 = false)
    {
        using var sealer = new ChainSealer(Chain, 1, new byte[32], TestKeys.Hmac, new Sm2Signer(TestKeys.Signing));
        using var buffer = new ByteBuffer();
        var lines = new List<byte[]>();
        for (var i = 0; i < count; i++)
        {
            buffer.Clear();
            if (checkpointEvery3 && i % 3 == 2)
            {
                sealer.SealCheckpoint(CheckpointReason.Count, Samples.Time, buffer);
            }
            else
            {
                sealer.Seal(Samples.Statement(login: "u" + i), Samples.Time, buffer);
            }

            Assert.Equal((byte)'\n', buffer.Span[^1]);
            lines.Add(buffer.Span[..^1].ToArray());
        }

        return lines;
    }

    private static SealedLine Parse(byte[] line)
    {
        Assert.True(SealedLineParser.TryParse(line, out var parsed, out var error), error);
        return parsed;
    }

    private static byte[] Canonical(byte[] line, in SealedLine parsed) => [.. line.AsSpan(0, parsed.CanonicalLength), (byte)'}'];

    [Theory]
    [InlineData(1)]
    [InlineData(17)]
    [InlineData(40)]
    public void SealDeferringMac_BatchWithCheckpointsCompleted_SameBytesAsSealingOneByOne(int count)
    {
        using var body = new ByteBuffer();
        using var oneByOne = new ChainSealer(Chain, 1, new byte[32], TestKeys.Hmac, new Sm2Signer(TestKeys.Signing));
        using var deferring = new ChainSealer(Chain, 1, new byte[32], TestKeys.Hmac, new Sm2Signer(TestKeys.Signing));
        using var expected = new ByteBuffer();
        using var batch = new ByteBuffer();
        for (var i = 0; i < count; i++)
        {
            body.Clear();
            var split = RecordSerializer.WriteBody(Samples.Statement(login: "u" + i), Samples.Time, body);
            oneByOne.Seal(body.Span, split, expected);
            deferring.SealDeferringMac(body.Span, split, batch);
            if (i % 10 == 9)
            {
                // Signatures cover the hash alone, so a checkpoint amid deferred MACs is sealed at once.
                oneByOne.SealCheckpoint(CheckpointReason.Count, Samples.Time, expected);
                deferring.SealCheckpoint(CheckpointReason.Count, Samples.Time, batch);
            }
        }

        deferring.CompleteMacs(batch);

        var expectedLines = Encoding.UTF8.GetString(expected.Span).Split('\n');
        var batchLines = Encoding.UTF8.GetString(batch.Span).Split('\n');
        Assert.Equal(expectedLines.Length, batchLines.Length);
        for (var i = 0; i < expectedLines.Length; i++)
        {
            if (expectedLines[i].Contains("\"type\":\"checkpoint\"", StringComparison.Ordinal))
            {
                // SM2 signatures are randomized: everything but the sig must match.
                Assert.Equal(expectedLines[i][..expectedLines[i].IndexOf(",\"sig\"", StringComparison.Ordinal)], batchLines[i][..batchLines[i].IndexOf(",\"sig\"", StringComparison.Ordinal)]);
            }
            else
            {
                Assert.Equal(expectedLines[i], batchLines[i]);
            }
        }
    }

    [Fact]
    public void Restore_AfterDeferredMacs_DropsThem()
    {
        using var body = new ByteBuffer();
        using var sealer = new ChainSealer(Chain, 1, new byte[32], TestKeys.Hmac, null);
        using var discarded = new ByteBuffer();
        using var output = new ByteBuffer();
        var split = RecordSerializer.WriteBody(Samples.Statement(), Samples.Time, body);
        var position = sealer.Position;
        sealer.SealDeferringMac(body.Span, split, discarded);
        sealer.Restore(position);

        sealer.SealDeferringMac(body.Span, split, output);
        sealer.CompleteMacs(output);

        var parsed = Parse(output.Span[..^1].ToArray());
        Assert.Equal(1, parsed.Seq);
        Assert.Equal(HmacSm3.Mac(TestKeys.Hmac, parsed.Hash), ((ReadOnlySpan<byte>)parsed.Mac).ToArray());
    }

    [Fact]
    public void Hash_chains_from_zero_and_mac_covers_the_hash()
    {
        var lines = SealLines(3);
        var prev = new byte[32];
        for (var i = 0; i < lines.Count; i++)
        {
            var parsed = Parse(lines[i]);
            Assert.Equal(i + 1, parsed.Seq);
            var canonical = Canonical(lines[i], parsed);
            Assert.Equal(RecordSerializer.Canonical(Samples.Statement(login: "u" + i), Chain, i + 1, Samples.Time), canonical);

            var expectedHash = Sm3.Hash([.. prev, .. canonical]);
            Assert.Equal(expectedHash, ((ReadOnlySpan<byte>)parsed.Hash).ToArray());
            Assert.Equal(HmacSm3.Mac(TestKeys.Hmac, expectedHash), ((ReadOnlySpan<byte>)parsed.Mac).ToArray());
            prev = expectedHash;
        }
    }

    [Fact]
    public void Checkpoints_name_the_head_and_verify_with_the_public_key_alone()
    {
        // 60 lines, 20 checkpoints from one sealer/signer: each must verify (BC SM2Signer reuse bug guard).
        var lines = SealLines(60, checkpointEvery3: true);
        var publicKey = Sm2PublicKey.FromPem(TestKeys.Signing.PublicKey.ExportPem());
        byte[] prevHash = new byte[32];
        long prevSeq = 0;
        var checkpoints = 0;
        foreach (var line in lines)
        {
            var parsed = Parse(line);
            if (parsed.Kind == LineKind.Checkpoint)
            {
                checkpoints++;
                Assert.Equal(prevSeq, parsed.HeadSeq);
                Assert.Equal(prevHash, ((ReadOnlySpan<byte>)parsed.HeadHash).ToArray());
                Assert.Equal(publicKey.KeyId, Encoding.ASCII.GetString(line.AsSpan()[parsed.KeyId]));
                var sig = Convert.FromHexString(Encoding.ASCII.GetString(line.AsSpan()[parsed.Sig]));
                Assert.True(publicKey.Verify(parsed.Hash, sig), $"checkpoint at seq {parsed.Seq} does not verify");
            }

            prevHash = ((ReadOnlySpan<byte>)parsed.Hash).ToArray();
            prevSeq = parsed.Seq;
        }

        Assert.Equal(20, checkpoints);
    }

    [Fact]
    public void A_modified_field_no_longer_matches_its_hash()
    {
        var line = SealLines(1)[0];
        var text = Encoding.UTF8.GetString(line).Replace("\"decision\":\"masked\"", "\"decision\":\"allow\"", StringComparison.Ordinal);
        var tampered = Encoding.UTF8.GetBytes(text);
        var parsed = Parse(tampered);
        Assert.NotEqual(Sm3.Hash([.. new byte[32], .. Canonical(tampered, parsed)]), ((ReadOnlySpan<byte>)parsed.Hash).ToArray());
    }

    [Fact]
    public void Rehashing_without_the_key_leaves_a_bad_mac()
    {
        var line = SealLines(1)[0];
        var text = Encoding.UTF8.GetString(line).Replace("\"decision\":\"masked\"", "\"decision\":\"allow\"", StringComparison.Ordinal);
        var parsed = Parse(Encoding.UTF8.GetBytes(text));
        var newHash = Sm3.Hash([.. new byte[32], .. Canonical(Encoding.UTF8.GetBytes(text), parsed)]);
        var oldHashHex = Convert.ToHexStringLower(parsed.Hash);
        var rehashed = Parse(Encoding.UTF8.GetBytes(text.Replace(oldHashHex, Convert.ToHexStringLower(newHash), StringComparison.Ordinal)));
        Assert.Equal(newHash, ((ReadOnlySpan<byte>)rehashed.Hash).ToArray());
        Assert.NotEqual(HmacSm3.Mac(TestKeys.Hmac, newHash), ((ReadOnlySpan<byte>)rehashed.Mac).ToArray());
    }

    [Fact]
    public void Restoring_a_position_rewinds_seq_and_hash()
    {
        using var sealer = new ChainSealer(Chain, 1, new byte[32], TestKeys.Hmac, null);
        using var buffer = new ByteBuffer();
        sealer.Seal(Samples.Statement(), Samples.Time, buffer);
        var position = sealer.Position;
        buffer.Clear();
        sealer.Seal(Samples.Statement(), Samples.Time, buffer);
        var second = buffer.Span.ToArray();
        sealer.Restore(position);
        buffer.Clear();
        sealer.Seal(Samples.Statement(), Samples.Time, buffer);
        Assert.Equal(second, buffer.Span.ToArray());
        Assert.Throws<InvalidOperationException>(() => sealer.SealCheckpoint(CheckpointReason.Manual, Samples.Time, buffer));
    }

    [Theory]
    [InlineData(",\"x\":1}", "unexpected member")]
    [InlineData("} ", "unexpected member")]
    [InlineData(",\"sig\":\"00\"}", "'sig' on a record")]
    public void Line_parser_rejects_bytes_outside_the_hash(string newEnding, string expected)
    {
        var text = Encoding.UTF8.GetString(SealLines(1)[0]);
        var tampered = text[..^1] + newEnding;
        Assert.False(SealedLineParser.TryParse(Encoding.UTF8.GetBytes(tampered), out _, out var error));
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"v\":1", "\"v\":2", "unsupported format version 2")]
    [InlineData("{\"chain\":\"test-chain\"", "{\"chain\":\"Test-chain\"", "bad or missing 'chain'")]
    [InlineData(",\"mac\":", ",\"MAC\":", "bad or missing 'mac'")]
    [InlineData(",\"hash\":", ",\"v2\":1,\"hash\":", "missing 'hash'")]
    [InlineData("\"seq\":1", "\"seq\":0", "bad or missing 'seq'")]
    public void Line_parser_is_strict(string from, string to, string expected)
    {
        var text = Encoding.UTF8.GetString(SealLines(1)[0]).Replace(from, to, StringComparison.Ordinal);
        Assert.False(SealedLineParser.TryParse(Encoding.UTF8.GetBytes(text), out _, out var error));
        Assert.Equal(expected, error);
    }
}
