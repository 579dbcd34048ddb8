using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace MaskingProxy.Crypto;

/// <summary>
/// Sixteen independent SM3 compressions side by side (multi-buffer hashing): lane i of every
/// AVX-512 register belongs to message i, so one pass through the 64 rounds advances sixteen
/// messages by one block each (AVX2: two passes of eight lanes; SSE2 or NEON: four of four). A
/// scalar SM3 is bound by its serial round structure (~700 cycles per block,
/// docs/audit-format.md §15); independent messages — the verifier's lines, each hashed with
/// the previous line's stored hash, and MACs of a batch of known hashes — have no such bound.
/// <para>
/// Callers drive the lanes: <see cref="Reset"/> or <see cref="SetState"/> a lane, put one block
/// into every lane in use (<see cref="LoadBlock"/>, <see cref="LoadWord"/>), <see cref="Compress"/>,
/// read finished lanes with <see cref="GetDigest"/>. Padding is the caller's (it knows where each
/// message ends). Lanes not in use compress whatever they hold; their results are meaningless.
/// Only where <see cref="IsSupported"/>; not thread-safe.
/// </para>
/// </summary>
public sealed partial class Sm3Lanes
{
    public const int Count = 16;

    // Words are stored transposed: word k of lane i at [k * Count + i], so word k of all lanes is one vector.
    private readonly uint[] _state = new uint[8 * Count];
    private readonly uint[] _w = new uint[Sm3Compression.ScratchWords * Count];

    private readonly int _vectorBits;

    /// <summary>Uses the widest vectors the CPU has.</summary>
    public Sm3Lanes()
        : this(WidestVectorBits)
    {
    }

    /// <param name="vectorBits">512, 256 or 128: a narrower path than the CPU's widest (tests, benchmarks).</param>
    internal Sm3Lanes(int vectorBits)
    {
        if (!IsWidthSupported(vectorBits))
        {
            throw new PlatformNotSupportedException($"Multi-buffer SM3 on {vectorBits}-bit vectors is not supported by this CPU.");
        }

        _vectorBits = vectorBits;
    }

    /// <summary>Some vector width is hardware-accelerated (elsewhere callers hash one message at a time).</summary>
    public static bool IsSupported => WidestVectorBits != 0;

    /// <summary>512 (AVX-512), 256 (AVX2), 128 (SSE2, NEON) or 0.</summary>
    internal static int WidestVectorBits { get; } =
        LaneVector512.IsSupported ? 512 : LaneVector256.IsSupported ? 256 : LaneVector128.IsSupported ? 128 : 0;

    internal static bool IsWidthSupported(int vectorBits) => vectorBits switch
    {
        512 => LaneVector512.IsSupported,
        256 => LaneVector256.IsSupported,
        128 => LaneVector128.IsSupported,
        _ => false,
    };

    /// <summary>Puts the initial value IV into <paramref name="lane"/>.</summary>
    public void Reset(int lane) => SetState(lane, Sm3Compression.InitialValue);

    /// <summary>Sets <paramref name="lane"/>'s chaining value (e.g. HMAC's keyed state).</summary>
    public void SetState(int lane, ReadOnlySpan<uint> state)
    {
        for (var k = 0; k < 8; k++)
        {
            _state[(k * Count) + lane] = state[k];
        }
    }

    /// <summary>Writes <paramref name="lane"/>'s chaining value as a 32-byte digest (after the last block).</summary>
    public void GetDigest(int lane, Span<byte> destination)
    {
        for (var k = 0; k < 8; k++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(k * 4, 4), _state[(k * Count) + lane]);
        }
    }

    /// <summary>Puts the 64-byte <paramref name="block"/> into <paramref name="lane"/> for the next <see cref="Compress"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void LoadBlock(int lane, ReadOnlySpan<byte> block) => LoadWords(lane, 0, block[..Sm3Compression.BlockSize]);

    /// <summary>Sets message words <paramref name="first"/>.. of <paramref name="lane"/>'s next block from big-endian <paramref name="bytes"/> (a multiple of 4).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void LoadWords(int lane, int first, ReadOnlySpan<byte> bytes)
    {
        ref var src = ref MemoryMarshal.GetReference(bytes);
        ref var w = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_w), (first * Count) + lane);
        var words = Math.Min(bytes.Length / 4, 16 - first);
        for (var i = 0; i < words; i++)
        {
            Unsafe.Add(ref w, i * Count) = BinaryPrimitives.ReverseEndianness(Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref src, i * 4)));
        }
    }

    /// <summary>Sets message word <paramref name="index"/> (0–15) of every lane's next block (shared padding).</summary>
    public void LoadWordAll(int index, uint value) => _w.AsSpan(index * Count, Count).Fill(value);

    /// <summary>Sets every lane's chaining value to <paramref name="state"/>.</summary>
    public void SetStateAll(ReadOnlySpan<uint> state)
    {
        for (var k = 0; k < 8; k++)
        {
            _state.AsSpan(k * Count, Count).Fill(state[k]);
        }
    }

    /// <summary>Makes each lane's current digest words 0–7 of its next block (hashing a hash, as HMAC's outer step does).</summary>
    public void LoadDigestsAsWords() => _state.AsSpan().CopyTo(_w);

    /// <summary>Compresses the loaded block of every lane into its chaining value (GB/T 32905-2016 §5.3).</summary>
    public void Compress()
    {
        switch (_vectorBits)
        {
            case 512:
                CompressAll<LaneVector512, Vector512<uint>>();
                break;
            case 256:
                CompressAll<LaneVector256, Vector256<uint>>();
                break;
            default:
                CompressAll<LaneVector128, Vector128<uint>>();
                break;
        }
    }
}
