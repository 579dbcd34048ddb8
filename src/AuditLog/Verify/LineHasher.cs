using System.Buffers.Binary;
using MaskingProxy.Crypto;

namespace MaskingProxy.AuditLog.Verify;

/// <summary>
/// Computes <c>SM3(prev_hash ‖ canonical)</c> (docs/audit-format.md §5) of many lines at once on
/// <see cref="Sm3Lanes"/>: each lane hashes one line block by block and takes the next line as soon
/// as its own is done, so lines of different lengths keep all sixteen lanes busy. The canonical bytes
/// are the line's prefix and a closing brace (§3); whole blocks are read from the line in place, only
/// the first block (after the 32 bytes of prev_hash) and the padded last ones are assembled.
/// Not thread-safe: one per worker.
/// </summary>
internal sealed class LineHasher
{
    private const int BlockSize = 64;
    private const int PrevSize = 32;
    private readonly Sm3Lanes _lanes = new();
    private readonly int[] _line = new int[Sm3Lanes.Count];
    private readonly int[] _next = new int[Sm3Lanes.Count];
    private readonly int[] _blocks = new int[Sm3Lanes.Count];
    private readonly byte[] _assembled = new byte[BlockSize];

    public static bool IsSupported => Sm3Lanes.IsSupported;

    /// <summary>Sets <see cref="LineBlock.Computed"/> of every line in [lo, hi) that parsed, from its <see cref="LineBlock.Prev"/>.</summary>
    public void Hash(LineBlock block, int lo, int hi)
    {
        Array.Fill(_line, -1);
        var next = lo;
        var active = 0;
        while (true)
        {
            for (var lane = 0; lane < Sm3Lanes.Count && next < hi; lane++)
            {
                if (_line[lane] >= 0)
                {
                    continue;
                }

                while (next < hi && block.ParseError[next] is not null)
                {
                    next++;
                }

                if (next < hi)
                {
                    _line[lane] = next;
                    _next[lane] = 0;
                    _blocks[lane] = Blocks(PrevSize + block.Parsed[next].CanonicalLength + 1);
                    _lanes.Reset(lane);
                    active++;
                    next++;
                }
            }

            if (active == 0)
            {
                return;
            }

            for (var lane = 0; lane < Sm3Lanes.Count; lane++)
            {
                if (_line[lane] >= 0)
                {
                    Load(lane, block, _line[lane], _next[lane]);
                }
            }

            _lanes.Compress();
            for (var lane = 0; lane < Sm3Lanes.Count; lane++)
            {
                if (_line[lane] >= 0 && ++_next[lane] == _blocks[lane])
                {
                    _lanes.GetDigest(lane, block.Computed[_line[lane]]);
                    _line[lane] = -1;
                    active--;
                }
            }
        }
    }

    /// <summary>Blocks of a padded message: 0x80 and the 64-bit bit length must fit after it (GB/T 32905-2016 §5.2).</summary>
    private static int Blocks(int messageLength) => ((messageLength + 8) / BlockSize) + 1;

    private void Load(int lane, LineBlock block, int i, int b)
    {
        var canonical = block.Data.AsSpan(block.Start[i], block.Parsed[i].CanonicalLength);
        var at = (b * BlockSize) - PrevSize;
        if (at >= 0 && at + BlockSize <= canonical.Length)
        {
            _lanes.LoadBlock(lane, canonical.Slice(at, BlockSize));
            return;
        }

        // Message = prev_hash ‖ canonical prefix ‖ '}', then 0x80, zeros and the bit length.
        var blockStart = b * BlockSize;
        var length = PrevSize + canonical.Length + 1;
        var assembled = _assembled.AsSpan();
        assembled.Clear();
        Place(assembled, blockStart, 0, block.Prev[i]);
        Place(assembled, blockStart, PrevSize, canonical);
        Place(assembled, blockStart, length - 1, "}"u8);
        Place(assembled, blockStart, length, [0x80]);
        if (b == Blocks(length) - 1)
        {
            BinaryPrimitives.WriteUInt64BigEndian(assembled[(BlockSize - 8)..], (ulong)length * 8);
        }

        _lanes.LoadBlock(lane, assembled);
    }

    /// <summary>Copies the part of <paramref name="part"/> (at message offset <paramref name="partStart"/>) that falls into the block at <paramref name="blockStart"/>.</summary>
    private static void Place(Span<byte> assembled, int blockStart, int partStart, ReadOnlySpan<byte> part)
    {
        var from = Math.Max(blockStart, partStart);
        var to = Math.Min(blockStart + BlockSize, partStart + part.Length);
        if (from < to)
        {
            part[(from - partStart)..(to - partStart)].CopyTo(assembled[(from - blockStart)..]);
        }
    }
}
