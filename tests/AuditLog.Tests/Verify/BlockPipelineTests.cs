using MaskingProxy.AuditLog.Log;
using MaskingProxy.AuditLog.Records;
using MaskingProxy.AuditLog.Tests.Support;
using MaskingProxy.AuditLog.Verify;

namespace MaskingProxy.AuditLog.Tests.Verify;

/// <summary>
/// The verifier reads and hashes blocks ahead of the in-order checks when it has more than one
/// thread, and hashes each block from the stored hash of the line before it: damage at block
/// boundaries, in later blocks and segments must give the same result as the one-thread walk.
/// </summary>
public sealed class BlockPipelineTests(BlockPipelineTests.ManyBlocksLog log) : IClassFixture<BlockPipelineTests.ManyBlocksLog>
{
    public enum Damage
    {
        ModifyFirstLineOfSecondBlock,
        DeleteFirstLineOfSecondBlock,
        RehashLastLinesOfSecondBlock,
        ModifyLastRecord,
        TearLastLine,
        DeleteMiddleSegment,
    }

    [Theory]
    [InlineData(Damage.ModifyFirstLineOfSecondBlock, VerifyFailure.HashMismatch)]
    [InlineData(Damage.DeleteFirstLineOfSecondBlock, VerifyFailure.Gap)]
    [InlineData(Damage.RehashLastLinesOfSecondBlock, VerifyFailure.MacMismatch)]
    [InlineData(Damage.ModifyLastRecord, VerifyFailure.HashMismatch)]
    [InlineData(Damage.TearLastLine, VerifyFailure.TornTail)]
    [InlineData(Damage.DeleteMiddleSegment, VerifyFailure.SegmentMismatch)]
    public void Verify_DamageInALaterBlock_SameFailureAndSeqWithOneAndTwoThreads(Damage damage, VerifyFailure failure)
    {
        using var dir = new TempDirectory();
        log.CopyTo(dir.Path);
        var expectedSeq = Apply(damage, dir.Path);

        var sequential = Verify(dir.Path, 1);
        var pipelined = Verify(dir.Path, 2);

        Assert.Equal(VerifyOutcome.Broken, sequential.Outcome);
        Assert.Equal(failure, sequential.Failure);
        Assert.Equal(expectedSeq, sequential.FirstBadSeq);
        Assert.Equal(sequential, pipelined);
    }

    [Fact]
    public void Verify_ManyBlocksAndSegments_IntactWithEveryRecordCountedOnce()
    {
        var sequential = Verify(log.Directory, 1);
        var pipelined = Verify(log.Directory, 2);

        Assert.Equal(VerifyOutcome.Intact, sequential.Outcome);
        Assert.Equal(LogFiles.Lines(log.Directory).Count, sequential.RecordsChecked);
        Assert.Equal(sequential, pipelined);
    }

    private static VerifyResult Verify(string dir, int parallelism)
        => AuditVerifier.Verify(dir, TestKeys.Material, new VerifyOptions { Parallelism = parallelism, WriterRunning = false });

    /// <summary>Damages the copy; returns the seq the verifier must name.</summary>
    private static long Apply(Damage damage, string dir)
    {
        var segments = SegmentNames.List(dir);
        var first = segments[0].Path;
        var lines = Tamper.Read(first);
        var boundary = LineBlock.MaxLines;
        switch (damage)
        {
            case Damage.ModifyFirstLineOfSecondBlock:
                lines[boundary] = lines[boundary].Replace("\"login\":\"u", "\"login\":\"v", StringComparison.Ordinal);
                Tamper.Write(first, lines);
                return SeqOf(lines[boundary]);
            case Damage.DeleteFirstLineOfSecondBlock:
                var deleted = SeqOf(lines[boundary]);
                lines.RemoveAt(boundary);
                Tamper.Write(first, lines);
                return deleted;
            case Damage.RehashLastLinesOfSecondBlock:
                var from = lines.Count - 20;
                lines[from] = lines[from].Replace("\"login\":\"u", "\"login\":\"v", StringComparison.Ordinal);
                Tamper.Rehash(lines, from);
                Tamper.Write(first, lines);
                return SeqOf(lines[from]);
            case Damage.ModifyLastRecord:
                // The last statement record: the newest segment may hold only the records that
                // begin and close it, when the last batch filled the one before exactly.
                var lastSegment = segments.Select(x => x.Path).Last(p => Tamper.Read(p).Exists(IsStatement));
                var tail = Tamper.Read(lastSegment);
                var statement = tail.FindLastIndex(IsStatement);
                tail[statement] = tail[statement].Replace("\"login\":\"u", "\"login\":\"v", StringComparison.Ordinal);
                Tamper.Write(lastSegment, tail);
                return SeqOf(tail[statement]);
            case Damage.TearLastLine:
                var torn = segments[^1].Path;
                var kept = Tamper.Read(torn);
                var tornSeq = SeqOf(kept[^1]);
                File.WriteAllText(torn, string.Join("\n", kept[..^1]) + "\n" + kept[^1][..40]);
                return tornSeq; // the last complete record + 1
            default:
                var middle = segments[1].Path;
                var next = SeqOf(Tamper.Read(middle)[0]);
                File.Delete(middle);
                return next;
        }
    }

    private static long SeqOf(string line) => AuditRecordParser.Parse(line).Seq;

    private static bool IsStatement(string line) => line.Contains("\"type\":\"statement\"", StringComparison.Ordinal);

    /// <summary>A closed log of three segments or more, each of two blocks or more.</summary>
    public sealed class ManyBlocksLog : IDisposable
    {
        private readonly TempDirectory _dir = new();

        public ManyBlocksLog()
        {
            var options = WriterFactory.Options(_dir.Path, durability: DurabilityMode.Batch) with { SegmentMaxBytes = 5 << 20 };
            var writer = AuditLogWriter.Open(options, TestKeys.Material);
            // Until a third segment is begun: how far a segment overshoots its size depends on the batches.
            for (var round = 0; round < 20 && SegmentNames.List(_dir.Path).Count < 3; round++)
            {
                var appends = Enumerable.Range(0, 4_000).Select(i => writer.AppendAsync(Samples.Statement(login: "u" + i))).ToArray();
                Task.WaitAll(appends);
            }

            writer.CloseAsync().GetAwaiter().GetResult();

            var segments = SegmentNames.List(_dir.Path);
            Assert.True(segments.Count >= 3);
            Assert.All(segments.SkipLast(1), s => Assert.True(LogFiles.SegmentLines(s.Path).Length > LineBlock.MaxLines));
        }

        public string Directory => _dir.Path;

        public void CopyTo(string target)
        {
            foreach (var file in System.IO.Directory.GetFiles(Directory, "audit-*.jsonl"))
            {
                File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
            }
        }

        public void Dispose() => _dir.Dispose();
    }
}
