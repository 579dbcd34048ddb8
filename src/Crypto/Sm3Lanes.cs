using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace MaskingProxy.Crypto;

/// <summary>
/// Sixteen independent SM3 compressions side by side (multi-buffer hashing): lane i of every
/// AVX-512 register belongs to message i, so one pass through the 64 rounds advances sixteen
/// messages by one block each (with AVX2 only: two passes of eight lanes). A scalar SM3 is bound by its serial round structure (~700 cycles per
/// block, docs/audit-format.md §15); independent messages — the verifier's lines, each hashed with
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

    private readonly bool _avx512;

    public Sm3Lanes()
        : this(Avx512Supported)
    {
    }

    /// <param name="avx512">False: the eight-lane AVX2 passes even where AVX-512 is available (tests, benchmarks).</param>
    internal Sm3Lanes(bool avx512)
    {
        if (avx512 ? !Avx512Supported : !Avx2Supported)
        {
            throw new PlatformNotSupportedException("Multi-buffer SM3 needs AVX-512 or AVX2.");
        }

        _avx512 = avx512;
    }

    /// <summary>AVX-512 or AVX2 is available (elsewhere callers hash one message at a time).</summary>
    public static bool IsSupported => Avx512Supported || Avx2Supported;

    /// <summary>AVX-512: rotates and three-input logic in one instruction each, sixteen lanes per register.</summary>
    internal static bool Avx512Supported => Avx512F.IsSupported && Vector512.IsHardwareAccelerated;

    /// <summary>AVX2: eight lanes per register, rotates as two shifts and an or.</summary>
    internal static bool Avx2Supported => Avx2.IsSupported && Vector256.IsHardwareAccelerated;

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
        if (_avx512)
        {
            Compress512();
        }
        else
        {
            Compress256(0);
            Compress256(Count / 2);
        }
    }

    [SkipLocalsInit]
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Compress512()
    {
        ref var w = ref Unsafe.As<uint, Vector512<uint>>(ref MemoryMarshal.GetArrayDataReference(_w));
        for (var j = 16; j < Sm3Compression.ScratchWords; j++)
        {
            var x = Xor3(Unsafe.Add(ref w, j - 16), Unsafe.Add(ref w, j - 9), Avx512F.RotateLeft(Unsafe.Add(ref w, j - 3), 15));
            var p1 = Xor3(x, Avx512F.RotateLeft(x, 15), Avx512F.RotateLeft(x, 23));
            Unsafe.Add(ref w, j) = Xor3(p1, Avx512F.RotateLeft(Unsafe.Add(ref w, j - 13), 7), Unsafe.Add(ref w, j - 6));
        }

        ref var v = ref Unsafe.As<uint, Vector512<uint>>(ref MemoryMarshal.GetArrayDataReference(_state));
        Vector512<uint> a = v, b = Unsafe.Add(ref v, 1), c = Unsafe.Add(ref v, 2), d = Unsafe.Add(ref v, 3);
        Vector512<uint> e = Unsafe.Add(ref v, 4), f = Unsafe.Add(ref v, 5), g = Unsafe.Add(ref v, 6), h = Unsafe.Add(ref v, 7);
        ref var t = ref MemoryMarshal.GetArrayDataReference(RotatedConstants);
        for (var j = 0; j < 64; j++)
        {
            var a12 = Avx512F.RotateLeft(a, 12);
            var ss1 = Avx512F.RotateLeft(a12 + e + Vector512.Create(Unsafe.Add(ref t, j)), 7);
            var wj = Unsafe.Add(ref w, j);

            // FF and GG: XOR in rounds 0–15, majority and choice from round 16 on (0x96, 0xE8, 0xCA are their truth tables).
            var ff = j < 16 ? Xor3(a, b, c) : Avx512F.TernaryLogic(a, b, c, 0xE8);
            var gg = j < 16 ? Xor3(e, f, g) : Avx512F.TernaryLogic(e, f, g, 0xCA);
            var tt1 = ff + d + (ss1 ^ a12) + (wj ^ Unsafe.Add(ref w, j + 4));
            var tt2 = gg + h + ss1 + wj;
            d = c;
            c = Avx512F.RotateLeft(b, 9);
            b = a;
            a = tt1;
            h = g;
            g = Avx512F.RotateLeft(f, 19);
            f = e;
            e = Xor3(tt2, Avx512F.RotateLeft(tt2, 9), Avx512F.RotateLeft(tt2, 17));
        }

        v ^= a;
        Unsafe.Add(ref v, 1) ^= b;
        Unsafe.Add(ref v, 2) ^= c;
        Unsafe.Add(ref v, 3) ^= d;
        Unsafe.Add(ref v, 4) ^= e;
        Unsafe.Add(ref v, 5) ^= f;
        Unsafe.Add(ref v, 6) ^= g;
        Unsafe.Add(ref v, 7) ^= h;
    }

    /// <summary>T_j &lt;&lt;&lt; (j mod 32) for rounds 0–63.</summary>
    private static readonly uint[] RotatedConstants = Enumerable.Range(0, 64)
        .Select(j => BitOperations.RotateLeft(j < 16 ? 0x79CC4519u : 0x7A879D8Au, j % 32))
        .ToArray();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<uint> Xor3(Vector512<uint> x, Vector512<uint> y, Vector512<uint> z) => Avx512F.TernaryLogic(x, y, z, 0x96);
}
