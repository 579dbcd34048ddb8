using MaskingProxy.Crypto;
using MaskingProxy.AuditLog.Crypto;
using MaskingProxy.AuditLog.Log;
using MaskingProxy.AuditLog.Records;
using MaskingProxy.AuditLog.Tests.Support;
using MaskingProxy.AuditLog.Verify;

namespace MaskingProxy.AuditLog.Tests.Verify;

public class AuditVerifierTests
{
    // 1 segment record, 20 statements, a count checkpoint after every 5 records, shutdown checkpoint.
    private static async Task<string> Log(TempDirectory dir, int statements = 20, long segmentMaxBytes = 64 << 20)
    {
        var options = WriterFactory.Options(dir.Path) with
        {
            Checkpoints = new CheckpointPolicy { Records = 5, MinInterval = TimeSpan.Zero },
            SegmentMaxBytes = segmentMaxBytes,
        };
        var writer = AuditLogWriter.Open(options, TestKeys.Material);
        for (var i = 0; i < statements; i++)
        {
            await writer.AppendAsync(Samples.Statement(login: "user" + i));
        }

        await writer.CloseAsync();
        return LogFiles.LastSegment(dir.Path);
    }

    private static VerifyResult Verify(string dir, int parallelism, KeyMaterial? keys = null, TailPolicy tail = TailPolicy.Strict)
        => AuditVerifier.Verify(dir, keys ?? TestKeys.Material, new VerifyOptions { Parallelism = parallelism, TailPolicy = tail });

    private static void AssertBroken(VerifyResult result, VerifyFailure failure, long firstBadSeq)
    {
        Assert.True(result.Outcome == VerifyOutcome.Broken, result.Message);
        Assert.Equal(failure, result.Failure);
        Assert.Equal(firstBadSeq, result.FirstBadSeq);
        Assert.False(string.IsNullOrEmpty(result.Message));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task An_untouched_log_is_intact(int parallelism)
    {
        using var dir = new TempDirectory();
        await Log(dir);
        var result = Verify(dir.Path, parallelism);
        Assert.Equal(VerifyOutcome.Intact, result.Outcome);
        Assert.Equal(VerifyFailure.None, result.Failure);
        Assert.Equal(TailState.Closed, result.Tail);
        Assert.Equal(LogFiles.Lines(dir.Path).Count, result.RecordsChecked);
        Assert.Equal(LogFiles.Entries(dir.Path).Count(e => e.Type == "checkpoint"), result.CheckpointsChecked);
        Assert.True(result.CheckpointsChecked >= 5);
        Assert.Equal(1, result.Chains);
        Assert.True(result.MacsChecked);
        Assert.True(result.SignaturesChecked);
        Assert.Equal(0, result.UnsignedTailRecords);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task A_modified_field_is_a_hash_mismatch_at_its_seq(int parallelism)
    {
        using var dir = new TempDirectory();
        var segment = await Log(dir);
        var lines = Tamper.Read(segment);
        var i = Tamper.IndexOfSeq(lines, 9);
        lines[i] = lines[i].Replace("\"decision\":\"masked\"", "\"decision\":\"allow\"", StringComparison.Ordinal);
        Tamper.Write(segment, lines);
        AssertBroken(Verify(dir.Path, parallelism), VerifyFailure.HashMismatch, 9);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task A_record_rehashed_without_the_key_is_a_mac_mismatch(int parallelism)
    {
        using var dir = new TempDirectory();
        var segment = await Log(dir);
        var lines = Tamper.Read(segment);
        var i = Tamper.IndexOfSeq(lines, 9);
        lines[i] = lines[i].Replace("\"login\":\"user", "\"login\":\"xuser", StringComparison.Ordinal);
        Tamper.Rehash(lines, i);
        Tamper.Write(segment, lines);
        var result = Verify(dir.Path, parallelism);
        AssertBroken(result, VerifyFailure.MacMismatch, 9);
        Assert.Equal(8, result.RecordsChecked);
    }

    [Fact]
    public async Task Without_the_hmac_key_a_rehashed_record_fails_at_the_next_signed_checkpoint()
    {
        using var dir = new TempDirectory();
        var segment = await Log(dir);
        var lines = Tamper.Read(segment);
        var i = Tamper.IndexOfSeq(lines, 9);
        lines[i] = lines[i].Replace("\"login\":\"user", "\"login\":\"xuser", StringComparison.Ordinal);
        Tamper.Rehash(lines, i);
        Tamper.Write(segment, lines);
        var nextCheckpoint = LogFiles.Entries(dir.Path).First(e => e.Seq > 9 && e.Type == "checkpoint").Seq;
        var result = Verify(dir.Path, 2, TestKeys.PublicOnly);
        AssertBroken(result, VerifyFailure.BadSignature, nextCheckpoint);
        Assert.False(result.MacsChecked);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task A_deleted_record_is_a_gap(int parallelism)
    {
        using var dir = new TempDirectory();
        var segment = await Log(dir);
        var lines = Tamper.Read(segment);
        lines.RemoveAt(Tamper.IndexOfSeq(lines, 9));
        Tamper.Write(segment, lines);
        var result = Verify(dir.Path, parallelism);
        AssertBroken(result, VerifyFailure.Gap, 9);
        Assert.Contains("record 9 is missing", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Several_deleted_records_are_one_gap()
    {
        using var dir = new TempDirectory();
        var segment = await Log(dir);
        var lines = Tamper.Read(segment);
        lines.RemoveRange(Tamper.IndexOfSeq(lines, 9), 3);
        Tamper.Write(segment, lines);
        var result = Verify(dir.Path, 2);
        AssertBroken(result, VerifyFailure.Gap, 9);
        Assert.Contains("records 9..11 are missing", result.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task Swapped_records_are_a_reorder(int parallelism)
    {
        using var dir = new TempDirectory();
        var segment = await Log(dir);
        var lines = Tamper.Read(segment);
        var i = Tamper.IndexOfSeq(lines, 9);
        (lines[i], lines[i + 1]) = (lines[i + 1], lines[i]);
        Tamper.Write(segment, lines);
        AssertBroken(Verify(dir.Path, parallelism), VerifyFailure.Reorder, 9);
    }

    [Fact]
    public async Task A_duplicated_record_is_reported_as_such()
    {
        using var dir = new TempDirectory();
        var segment = await Log(dir);
        var lines = Tamper.Read(segment);
        var i = Tamper.IndexOfSeq(lines, 9);
        lines.Insert(i + 1, lines[i]);
        Tamper.Write(segment, lines);
        var result = Verify(dir.Path, 2);
        AssertBroken(result, VerifyFailure.Duplicate, 9);
        Assert.Contains("copy of the record before it", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_inserted_forged_record_fails_its_mac_or_later_as_a_duplicate()
    {
        using var dir = new TempDirectory();
        var segment = await Log(dir);
        var lines = Tamper.Read(segment);
        var i = Tamper.IndexOfSeq(lines, 9);
        var previous = AuditRecordParser.Parse(lines[i - 1]);
        var canonical = RecordSerializer.Canonical(Samples.Statement(login: "forged"), previous.ChainId, 9, Samples.Time);
        var hash = Sm3.Hash([.. Convert.FromHexString(previous.Hash), .. canonical]);
        lines.Insert(i, System.Text.Encoding.UTF8.GetString(canonical)[..^1] + ",\"hash\":\"" + Convert.ToHexStringLower(hash) + "\",\"mac\":\"" + new string('0', 64) + "\"}");
        Tamper.Write(segment, lines);

        AssertBroken(Verify(dir.Path, 2), VerifyFailure.MacMismatch, 9);
        AssertBroken(Verify(dir.Path, 2, TestKeys.PublicOnly), VerifyFailure.Duplicate, 9);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task A_truncated_tail_is_detected_through_the_missing_shutdown_checkpoint(int parallelism)
    {
        using var dir = new TempDirectory();
        var segment = await Log(dir);
        var lines = Tamper.Read(segment);
        var total = lines.Count;
        Tamper.Write(segment, lines.Take(total - 3));

        var result = Verify(dir.Path, parallelism);
        AssertBroken(result, VerifyFailure.UnsignedTail, total - 2);
        Assert.Equal(TailState.Open, result.Tail);

        var lenient = Verify(dir.Path, parallelism, tail: TailPolicy.AllowOpenTail);
        Assert.Equal(VerifyOutcome.Intact, lenient.Outcome);
        Assert.Equal(TailState.Open, lenient.Tail);
        Assert.Equal(total - 3, lenient.RecordsChecked);
        Assert.True(lenient.UnsignedTailRecords > 0);
    }

    [Fact]
    public async Task Cutting_back_to_a_checkpoint_is_still_an_unsigned_tail()
    {
        using var dir = new TempDirectory();
        var segment = await Log(dir);
        var lines = Tamper.Read(segment);
        var lastCount = lines.FindLastIndex(l => l.Contains("\"reason\":\"count\"", StringComparison.Ordinal));
        Tamper.Write(segment, lines.Take(lastCount + 1));
        var result = Verify(dir.Path, 2);
        AssertBroken(result, VerifyFailure.UnsignedTail, lastCount + 2);
        Assert.Contains("0 record(s) after checkpoint", result.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task A_partial_last_line_is_a_torn_tail(int parallelism)
    {
        using var dir = new TempDirectory();
        var segment = await Log(dir);
        var lines = Tamper.Read(segment);
        var last = lines[^1];
        File.WriteAllText(segment, string.Join("\n", lines.Take(lines.Count - 1)) + "\n" + last[..40]);

        var result = Verify(dir.Path, parallelism);
        AssertBroken(result, VerifyFailure.TornTail, lines.Count);
        Assert.Equal(TailState.Torn, result.Tail);
        Assert.Equal(new FileInfo(segment).Length - 40, result.Offset);

        var lenient = Verify(dir.Path, parallelism, tail: TailPolicy.AllowOpenTail);
        Assert.Equal(VerifyOutcome.Intact, lenient.Outcome);
        Assert.Equal(TailState.Torn, lenient.Tail);
    }

    [Fact]
    public async Task A_live_log_has_an_expected_unsigned_tail()
    {
        using var dir = new TempDirectory();
        var writer = WriterFactory.Open(dir.Path);
        await WriterFactory.AppendMany(writer, 3);
        var result = AuditVerifier.Verify(dir.Path, TestKeys.Material);
        Assert.Equal(VerifyOutcome.Intact, result.Outcome);
        Assert.Equal(TailState.Live, result.Tail);
        Assert.Equal(4, result.UnsignedTailRecords);
        await writer.CloseAsync();
        Assert.Equal(TailState.Closed, AuditVerifier.Verify(dir.Path, TestKeys.Material).Tail);
    }

    [Fact]
    public async Task A_tampered_signature_or_a_foreign_key_is_a_bad_signature()
    {
        using var dir = new TempDirectory();
        var segment = await Log(dir);
        var lines = Tamper.Read(segment);
        var i = lines.FindIndex(l => l.Contains("\"type\":\"checkpoint\"", StringComparison.Ordinal));
        var seq = AuditRecordParser.Parse(lines[i]).Seq;
        var sigAt = lines[i].IndexOf("\"sig\":\"", StringComparison.Ordinal) + 20;
        lines[i] = lines[i][..sigAt] + (lines[i][sigAt] == '0' ? '1' : '0') + lines[i][(sigAt + 1)..];
        Tamper.Write(segment, lines);
        AssertBroken(Verify(dir.Path, 2), VerifyFailure.BadSignature, seq);

        using var other = new TempDirectory();
        await Log(other);
        var foreign = new KeyMaterial(TestKeys.Hmac, null, Sm2KeyPair.Generate().PublicKey);
        AssertBroken(Verify(other.Path, 2, foreign), VerifyFailure.BadSignature, 6);
    }

    [Fact]
    public async Task Missing_renamed_or_leading_segments_are_reported()
    {
        using var dir = new TempDirectory();
        await Log(dir, statements: 40, segmentMaxBytes: 4096);
        var segments = SegmentNames.List(dir.Path);
        Assert.True(segments.Count >= 4);
        Assert.Equal(VerifyOutcome.Intact, Verify(dir.Path, 2).Outcome);
        Assert.Equal(segments.Count, Verify(dir.Path, 2).Segments);

        // A missing middle segment.
        var moved = segments[1].Path + ".away";
        File.Move(segments[1].Path, moved);
        var result = Verify(dir.Path, 2);
        AssertBroken(result, VerifyFailure.SegmentMismatch, AuditRecordParser.Parse(File.ReadLines(moved).First()).Seq);
        Assert.Equal(SegmentNames.Format(2), result.Segment);

        // A later segment renamed into the gap.
        File.Move(segments[2].Path, segments[1].Path);
        AssertBroken(Verify(dir.Path, 2), VerifyFailure.SegmentMismatch, AuditRecordParser.Parse(File.ReadLines(segments[1].Path).First()).Seq);
        File.Move(segments[1].Path, segments[2].Path);
        File.Move(moved, segments[1].Path);
        Assert.Equal(VerifyOutcome.Intact, Verify(dir.Path, 2).Outcome);

        // The first segment deleted: the chain no longer starts at 1.
        File.Delete(segments[0].Path);
        AssertBroken(Verify(dir.Path, 2), VerifyFailure.Gap, 1);
    }

    [Fact]
    public async Task A_record_of_another_chain_is_a_chain_mismatch()
    {
        using var dir = new TempDirectory();
        using var other = new TempDirectory();
        var segment = await Log(dir);
        var otherSegment = await Log(other);
        var lines = Tamper.Read(segment);
        var i = Tamper.IndexOfSeq(lines, 9);
        lines[i] = Tamper.Read(otherSegment)[i];
        Tamper.Write(segment, lines);
        AssertBroken(Verify(dir.Path, 2), VerifyFailure.ChainMismatch, 9);
    }

    [Fact]
    public async Task A_broken_line_in_the_middle_is_malformed()
    {
        using var dir = new TempDirectory();
        var segment = await Log(dir);
        var lines = Tamper.Read(segment);
        var i = Tamper.IndexOfSeq(lines, 9);
        lines[i] = lines[i][..100];
        Tamper.Write(segment, lines);
        var result = Verify(dir.Path, 2);
        AssertBroken(result, VerifyFailure.Malformed, 9);
        Assert.Equal(8, result.RecordsChecked);
    }

    [Fact]
    public async Task Without_keys_only_the_hash_chain_is_checked()
    {
        using var dir = new TempDirectory();
        await Log(dir);
        var result = AuditVerifier.Verify(dir.Path, null);
        Assert.Equal(VerifyOutcome.Intact, result.Outcome);
        Assert.False(result.MacsChecked);
        Assert.False(result.SignaturesChecked);
        Assert.Equal(0, result.CheckpointsChecked);
    }

    [Fact]
    public void Missing_or_empty_directories_are_unusable()
    {
        using var dir = new TempDirectory();
        Assert.Equal(VerifyOutcome.Unusable, AuditVerifier.Verify(dir.Combine("nope"), null).Outcome);
        var empty = AuditVerifier.Verify(dir.Path, null);
        Assert.Equal(VerifyOutcome.Unusable, empty.Outcome);
        Assert.Contains("No audit segments", empty.Message, StringComparison.Ordinal);
        Assert.Equal(2, (int)VerifyOutcome.Unusable);
    }

    [Fact]
    public async Task A_log_repaired_by_the_writer_after_a_torn_tail_verifies()
    {
        using var dir = new TempDirectory();
        var segment = await Log(dir);
        LogFiles.AppendRaw(segment, "{\"chain\":\"x");
        AssertBroken(Verify(dir.Path, 2), VerifyFailure.TornTail, LogFiles.Lines(dir.Path).Count);
        await WriterFactory.Open(dir.Path).CloseAsync();
        var result = Verify(dir.Path, 2);
        Assert.Equal(VerifyOutcome.Intact, result.Outcome);
        Assert.Contains(LogFiles.Entries(dir.Path), e => e.Record is RecoveryRecord { Kind: RecoveryKind.TornTail });
    }

    [Fact]
    public async Task Large_logs_verify_across_many_blocks_in_parallel()
    {
        using var dir = new TempDirectory();
        var options = WriterFactory.Options(dir.Path, durability: DurabilityMode.Batch) with { SegmentMaxBytes = 2 << 20 };
        var writer = AuditLogWriter.Open(options, TestKeys.Material);
        await Task.WhenAll(Enumerable.Range(0, 8).Select(t => Task.Run(async () =>
        {
            for (var i = 0; i < 1500; i++)
            {
                await writer.AppendAsync(Samples.Statement(login: "u" + t));
            }
        })));
        await writer.CloseAsync();

        var lines = LogFiles.Lines(dir.Path).Count;
        Assert.True(lines > LineBlock.MaxLines * 2);
        var result = Verify(dir.Path, 2);
        Assert.Equal(VerifyOutcome.Intact, result.Outcome);
        Assert.Equal(lines, result.RecordsChecked);

        // Damage deep inside: found at the same seq by the parallel and the sequential walk.
        var segment = SegmentNames.List(dir.Path)[1].Path;
        var segmentLines = Tamper.Read(segment);
        var victim = segmentLines.Count - 7;
        var seq = AuditRecordParser.Parse(segmentLines[victim]).Seq;
        segmentLines[victim] = segmentLines[victim].Replace("\"rows\"", "\"rowz\"", StringComparison.Ordinal).Replace("alice", "alicf", StringComparison.Ordinal).Replace("\"login\":\"u", "\"login\":\"v", StringComparison.Ordinal);
        Tamper.Write(segment, segmentLines);
        AssertBroken(Verify(dir.Path, 2), VerifyFailure.HashMismatch, seq);
        AssertBroken(Verify(dir.Path, 1), VerifyFailure.HashMismatch, seq);
    }
}
