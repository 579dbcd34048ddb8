using System.Collections.Concurrent;
using MaskingProxy.AuditLog.Crypto;
using MaskingProxy.AuditLog.Records;

namespace MaskingProxy.AuditLog.Verify;

/// <summary>
/// Parses and hashes a block's lines on several threads. Line i is hashed with the stored hash of
/// line i-1 as prev_hash (a segment record with the prev_hash it repeats): equal to the true chain
/// head whenever line i-1 passes, and the sequential pass stops at the first line that does not,
/// so the result is the same as a strictly sequential walk (docs/audit-format.md §12). The block is
/// cut into chunks that idle workers take in turn, so a worker slowed down by a busy core holds up
/// one chunk rather than half the block.
/// </summary>
internal sealed class BlockEvaluator
{
    private const int LinesPerChunk = 256;
    private readonly ConcurrentBag<LineCrypto> _idle = [];
    private readonly ReadOnlyMemory<byte> _hmacKey;
    private readonly Sm2PublicKey? _publicKey;
    private readonly ParallelOptions _options;

    public BlockEvaluator(ReadOnlySpan<byte> hmacKey, Sm2PublicKey? publicKey, int parallelism)
    {
        _hmacKey = hmacKey.ToArray();
        _publicKey = publicKey;
        _options = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, parallelism) };
    }

    public int Parallelism => _options.MaxDegreeOfParallelism;

    public void Evaluate(LineBlock block, ReadOnlySpan<byte> headBeforeBlock)
    {
        Bytes32 head = default;
        headBeforeBlock.CopyTo(head);
        var chunks = (block.Count + LinesPerChunk - 1) / LinesPerChunk;
        if (Parallelism == 1 || chunks <= 1)
        {
            var crypto = Rent();
            Range(block, 0, block.Count, crypto, head);
            _idle.Add(crypto);
            return;
        }

        Parallel.For(0, chunks, _options, Rent, (chunk, _, crypto) =>
        {
            var lo = chunk * LinesPerChunk;
            Range(block, lo, Math.Min(block.Count, lo + LinesPerChunk), crypto, head);
            return crypto;
        }, _idle.Add);
    }

    private LineCrypto Rent() => _idle.TryTake(out var crypto) ? crypto : new LineCrypto(_hmacKey.Span, _publicKey);

    private static void Range(LineBlock block, int lo, int hi, LineCrypto crypto, Bytes32 head)
    {
        var prev = head;
        if (lo > 0
            && block.State[lo - 1] == SegmentReader.LineState.Complete
            && SealedLineParser.TryParse(block.Line(lo - 1), out var before, out _))
        {
            prev = before.Hash;
        }

        for (var i = lo; i < hi; i++)
        {
            block.Crypto[i] = LineCheck.Malformed;
            block.SignatureVerified[i] = false;
            block.ParseError[i] = null;
            if (block.State[i] != SegmentReader.LineState.Complete)
            {
                block.ParseError[i] = block.State[i] == SegmentReader.LineState.TooLong ? "line too long" : "no line feed";
                continue;
            }

            if (!SealedLineParser.TryParse(block.Line(i), out block.Parsed[i], out var error))
            {
                block.ParseError[i] = error;
                continue;
            }

            ref readonly var parsed = ref block.Parsed[i];
            block.Prev[i] = parsed.Kind == LineKind.Segment ? parsed.SegmentPrevHash : prev;
            prev = parsed.Hash;
        }

        crypto.Evaluate(block, lo, hi);
    }
}
