using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace MaskingProxy.Crypto;

/// <summary>
/// The compression on 256-bit vectors, for CPUs with AVX2 but no AVX-512: eight lanes per pass,
/// rotates as two shifts and an or, FF/GG's majority and choice from and/or/xor. Same words, same
/// rounds as <see cref="Compress512"/> (GB/T 32905-2016 §5.3).
/// </summary>
public sealed partial class Sm3Lanes
{
    /// <summary>Compresses lanes [<paramref name="first"/>, first + 8).</summary>
    [SkipLocalsInit]
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Compress256(int first)
    {
        // Word k of the eight lanes is the vector at k * 2 (a word of all sixteen lanes is two vectors).
        ref var w = ref Unsafe.As<uint, Vector256<uint>>(ref _w[first]);
        for (var j = 16; j < Sm3Compression.ScratchWords; j++)
        {
            var x = Unsafe.Add(ref w, (j - 16) * 2) ^ Unsafe.Add(ref w, (j - 9) * 2) ^ Rotl(Unsafe.Add(ref w, (j - 3) * 2), 15);
            var p1 = x ^ Rotl(x, 15) ^ Rotl(x, 23);
            Unsafe.Add(ref w, j * 2) = p1 ^ Rotl(Unsafe.Add(ref w, (j - 13) * 2), 7) ^ Unsafe.Add(ref w, (j - 6) * 2);
        }

        ref var v = ref Unsafe.As<uint, Vector256<uint>>(ref _state[first]);
        Vector256<uint> a = v, b = Unsafe.Add(ref v, 2), c = Unsafe.Add(ref v, 4), d = Unsafe.Add(ref v, 6);
        Vector256<uint> e = Unsafe.Add(ref v, 8), f = Unsafe.Add(ref v, 10), g = Unsafe.Add(ref v, 12), h = Unsafe.Add(ref v, 14);
        ref var t = ref MemoryMarshal.GetArrayDataReference(RotatedConstants);
        for (var j = 0; j < 64; j++)
        {
            var a12 = Rotl(a, 12);
            var ss1 = Rotl(a12 + e + Vector256.Create(Unsafe.Add(ref t, j)), 7);
            var wj = Unsafe.Add(ref w, j * 2);
            var ff = j < 16 ? a ^ b ^ c : (a & b) | (c & (a | b));
            var gg = j < 16 ? e ^ f ^ g : g ^ (e & (f ^ g));
            var tt1 = ff + d + (ss1 ^ a12) + (wj ^ Unsafe.Add(ref w, (j + 4) * 2));
            var tt2 = gg + h + ss1 + wj;
            d = c;
            c = Rotl(b, 9);
            b = a;
            a = tt1;
            h = g;
            g = Rotl(f, 19);
            f = e;
            e = tt2 ^ Rotl(tt2, 9) ^ Rotl(tt2, 17);
        }

        v ^= a;
        Unsafe.Add(ref v, 2) ^= b;
        Unsafe.Add(ref v, 4) ^= c;
        Unsafe.Add(ref v, 6) ^= d;
        Unsafe.Add(ref v, 8) ^= e;
        Unsafe.Add(ref v, 10) ^= f;
        Unsafe.Add(ref v, 12) ^= g;
        Unsafe.Add(ref v, 14) ^= h;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<uint> Rotl(Vector256<uint> x, int n) => (x << n) | (x >>> (32 - n));
}
