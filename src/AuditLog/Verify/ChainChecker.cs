using MaskingProxy.AuditLog.Crypto;
using MaskingProxy.AuditLog.Records;

namespace MaskingProxy.AuditLog.Verify;

/// <summary>
/// The checking engine behind both verifiers: <see cref="VerificationRun"/> feeds it the lines of
/// an audit directory, <see cref="IndexVerificationRun"/> the documents of an Elasticsearch index
/// (turned back into sealed lines). Feeders fill <see cref="LineBlock"/>s in chain order, let the
/// engine hash a block in parallel (<see cref="Evaluate"/>), then hand it each line: the engine
/// checks chain id, seq continuity, hash link, MAC, checkpoint head and signature, segment
/// prev_hash and the tail rule, counts, and builds the <see cref="VerifyResult"/>. What only a
/// directory has (segment files, torn lines, the writer's lock) stays with its feeder.
/// </summary>
internal sealed class ChainChecker
{
    private static readonly byte[] ZeroHash = new byte[32];
    private readonly VerifyOptions _options;
    private readonly ChainCursor _cursor;
    private readonly BlockEvaluator _evaluator;
    private readonly bool _macs;
    private readonly bool _signatures;

    public ChainChecker(KeyMaterial? keys, VerifyOptions options)
    {
        _options = options;
        var hmacKey = keys is null ? default : keys.HmacKey;
        _macs = !hmacKey.IsEmpty;
        _signatures = keys?.PublicKey is not null;
        _cursor = new ChainCursor(hmacKey, keys?.PublicKey);
        _evaluator = new BlockEvaluator(hmacKey, keys?.PublicKey, options.Parallelism);
    }

    public ChainCursor Cursor => _cursor;

    /// <summary>Records that passed every check.</summary>
    public long Records { get; private set; }

    public int Chains { get; private set; }

    /// <summary>Segments seen (files for a directory, segment records for an index).</summary>
    public int Segments { get; set; }

    public bool Strict => _options.TailPolicy == TailPolicy.Strict;

    /// <summary>Parses and hashes the block's lines (in parallel), chained from the current head.</summary>
    public void Evaluate(LineBlock block) => Evaluate(block, _cursor.Started ? _cursor.PrevHash : ZeroHash);

    /// <summary>Parses and hashes the block's lines (in parallel), its first line chained from <paramref name="headBeforeBlock"/>.</summary>
    public void Evaluate(LineBlock block, ReadOnlySpan<byte> headBeforeBlock) => _evaluator.Evaluate(block, headBeforeBlock);

    /// <summary>
    /// A new chain begins at this line; the previous chain (if any) ends before it. Under the strict
    /// tail policy a chain that is not live must end with a shutdown checkpoint.
    /// </summary>
    public VerifyResult? StartChain(ReadOnlySpan<byte> chain, in SealedLine parsed, RecordLocation at, bool previousLive)
    {
        if (_cursor.Started && !previousLive && !_cursor.AtShutdownCheckpoint && Strict)
        {
            return Broken(VerifyFailure.UnsignedTail, _cursor.NextSeq, at,
                $"chain {_cursor.ChainId} ends at seq {_cursor.NextSeq - 1} without a shutdown checkpoint before a new chain begins");
        }

        if (parsed.Kind != LineKind.Segment || parsed.Seq != 1 || !parsed.SegmentPrevHash.IsZero)
        {
            return _cursor.Started
                ? Broken(VerifyFailure.ChainMismatch, parsed.Seq, at, "a new chain must begin at seq 1 with a segment record and a zero prev_hash")
                : Broken(VerifyFailure.Gap, 1, at, parsed.Seq == 1
                    ? "the chain does not begin with a segment record"
                    : $"the chain begins at seq {parsed.Seq}: records 1..{parsed.Seq - 1} are missing");
        }

        _cursor.Start(chain, 1, ZeroHash);
        Chains++;
        return null;
    }

    /// <summary>Checks line <paramref name="i"/> of an evaluated block against the chain and, if good, advances; a result means stop.</summary>
    /// <param name="appearsLater">For a seq ahead of the expected one: does the expected record come later (reorder) or not at all (gap)?</param>
    public VerifyResult? Accept(LineBlock block, int i, RecordLocation at, Func<long, bool> appearsLater)
    {
        ref readonly var parsed = ref block.Parsed[i];
        var check = _cursor.Accept(block.Data, block.Start[i], block.Length[i], parsed, block.Crypto[i], block.SignatureVerified[i], out var detail);
        switch (check)
        {
            case LineCheck.Ok:
                Records++;
                return null;
            case LineCheck.SeqMismatch when parsed.Seq > _cursor.NextSeq:
                var expected = _cursor.NextSeq;
                return appearsLater(expected)
                    ? Broken(VerifyFailure.Reorder, expected, at, $"record {expected} is out of order: record {parsed.Seq} comes before it")
                    : Broken(VerifyFailure.Gap, expected, at, parsed.Seq == expected + 1
                        ? $"record {expected} is missing"
                        : $"records {expected}..{parsed.Seq - 1} are missing");
            case LineCheck.SeqMismatch:
                var identical = ((ReadOnlySpan<byte>)parsed.Hash).SequenceEqual(_cursor.PrevHash) ? " (a copy of the record before it)" : string.Empty;
                return Broken(VerifyFailure.Duplicate, parsed.Seq, at, $"record {parsed.Seq} appears again where {_cursor.NextSeq} was expected{identical}");
            case LineCheck.ChainMismatch:
                return Broken(VerifyFailure.ChainMismatch, parsed.Seq, at, detail);
            case LineCheck.MacMismatch:
                return Broken(VerifyFailure.MacMismatch, parsed.Seq, at, detail);
            case LineCheck.BadSignature:
                return Broken(VerifyFailure.BadSignature, parsed.Seq, at, detail);
            default:
                return Broken(VerifyFailure.HashMismatch, parsed.Seq, at, detail);
        }
    }

    /// <summary>
    /// The end of the input: how the last chain ends (tail rule, docs/audit-format.md §8).
    /// </summary>
    /// <param name="live">A writer is still appending: an unsigned or partial tail is expected.</param>
    /// <param name="torn">Where a partial last line was found, if one was.</param>
    /// <param name="forceOpen">The end is not a clean close even after a shutdown checkpoint (an empty segment after it).</param>
    /// <param name="end">Where the input ends, for the message.</param>
    /// <param name="empty">Message when no record was found at all.</param>
    public VerifyResult Finish(bool live, RecordLocation? torn, bool forceOpen, RecordLocation end, string empty)
    {
        if (!_cursor.Started)
        {
            return torn is { } t
                ? Broken(VerifyFailure.TornTail, 1, t, "the log holds only a partial line")
                : Unusable(empty);
        }

        var last = _cursor.NextSeq - 1;
        var unsigned = last - _cursor.LastCheckpointSeq;
        TailState tail;
        if (live)
        {
            tail = TailState.Live;
        }
        else if (torn is { } at)
        {
            tail = TailState.Torn;
            if (Strict)
            {
                return Broken(VerifyFailure.TornTail, last + 1, at,
                    $"the log ends in a partial line after seq {last} and no writer is running (a crash mid-write, or a cut); {unsigned} record(s) after the last checkpoint are unsigned", tail);
            }
        }
        else if (_cursor.AtShutdownCheckpoint && !forceOpen)
        {
            tail = TailState.Closed;
        }
        else
        {
            tail = TailState.Open;
            if (Strict)
            {
                return Broken(VerifyFailure.UnsignedTail, last + 1, end,
                    $"the log ends at seq {last} without a shutdown checkpoint and no writer is running: records after seq {last} may have been cut; {unsigned} record(s) after checkpoint seq {_cursor.LastCheckpointSeq} are not signed", tail);
            }
        }

        return Result(VerifyOutcome.Intact, tail) with { UnsignedTailRecords = tail == TailState.Closed ? 0 : unsigned };
    }

    public VerifyResult Broken(VerifyFailure failure, long firstBadSeq, RecordLocation at, string message, TailState tail = TailState.Open)
        => Result(VerifyOutcome.Broken, tail) with
        {
            Failure = failure,
            FirstBadSeq = firstBadSeq,
            Segment = at.Segment,
            Offset = at.Offset,
            Document = at.Document,
            Message = message,
        };

    public VerifyResult Unusable(string message) => Result(VerifyOutcome.Unusable, TailState.Open) with { Message = message };

    private VerifyResult Result(VerifyOutcome outcome, TailState tail) => new()
    {
        Outcome = outcome,
        RecordsChecked = Records,
        Chains = Chains,
        CheckpointsChecked = _cursor.CheckpointsVerified,
        Segments = Segments,
        MacsChecked = _macs,
        SignaturesChecked = _signatures,
        Tail = tail,
        ChainId = _cursor.Started ? _cursor.ChainId : null,
        LastSeq = _cursor.Started ? _cursor.NextSeq - 1 : 0,
    };
}
