using MaskingProxy.AuditLog.Crypto;
using MaskingProxy.AuditLog.Records;

namespace MaskingProxy.AuditLog.Verify;

/// <summary>
/// Parses and hashes a block's lines on several threads. Line i is hashed with the stored hash of
/// line i-1 as prev_hash (a segment record with the prev_hash it repeats): equal to the true chain
/// head whenever line i-1 passes, and the sequential pass stops at the first line that does not,
/// so the result is the same as a strictly sequential walk. SM3 dominates verification cost.
/// </summary>
internal sealed class BlockEvaluator
{
    private const int MinLinesPerWorker = 64;
    private readonly LineCrypto[] _workers;

    public BlockEvaluator(ReadOnlySpan<byte> hmacKey, Sm2PublicKey? publicKey, int parallelism)
    {
        _workers = new LineCrypto[Math.Max(1, parallelism)];
        for (var i = 0; i < _workers.Length; i++)
        {
            _workers[i] = new LineCrypto(hmacKey, publicKey);
        }
    }

    public void Evaluate(LineBlock block, ReadOnlySpan<byte> headBeforeBlock)
    {
        var head = headBeforeBlock.ToArray();
        var partitions = Math.Min(_workers.Length, Math.Max(1, block.Count / MinLinesPerWorker));
        if (partitions == 1)
        {
            Range(block, 0, block.Count, _workers[0], head);
            return;
        }

        Parallel.For(0, partitions, new ParallelOptions { MaxDegreeOfParallelism = partitions }, p =>
        {
            var lo = (int)((long)block.Count * p / partitions);
            var hi = (int)((long)block.Count * (p + 1) / partitions);
            Range(block, lo, hi, _workers[p], head);
        });
    }

    private static void Range(LineBlock block, int lo, int hi, LineCrypto crypto, byte[] head)
    {
        Bytes32 prev = default;
        if (lo == 0)
        {
            head.CopyTo((Span<byte>)prev);
        }
        else if (block.State[lo - 1] == SegmentReader.LineState.Complete
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
