using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace MaskingProxy.Crypto;

/// <summary>The compression function itself, once for every vector width.</summary>
public sealed partial class Sm3Lanes
{
    /// <summary>All sixteen lanes, as many passes as the width needs (one on AVX-512, two on AVX2, four on 128 bits).</summary>
    private void CompressAll<TOps, TV>()
        where TOps : struct, ILaneVector<TV>
        where TV : struct
    {
        for (var first = 0; first < Count; first += TOps.Width)
        {
            Compress<TOps, TV>(first);
        }
    }

    /// <summary>
    /// Compresses lanes [<paramref name="first"/>, first + width) (GB/T 32905-2016 §5.3): the message
    /// expansion, then the 64 rounds, each step applied to one message per lane.
    /// </summary>
    [SkipLocalsInit]
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Compress<TOps, TV>(int first)
        where TOps : struct, ILaneVector<TV>
        where TV : struct
    {
        // Word k of these lanes is the vector at k * stride (a word of all sixteen lanes is stride vectors).
        var stride = Count / TOps.Width;
        ref var w = ref Unsafe.As<uint, TV>(ref _w[first]);
        for (var j = 16; j < Sm3Compression.ScratchWords; j++)
        {
            var x = TOps.Xor3(Unsafe.Add(ref w, (j - 16) * stride), Unsafe.Add(ref w, (j - 9) * stride), TOps.RotateLeft(Unsafe.Add(ref w, (j - 3) * stride), 15));
            var p1 = TOps.Xor3(x, TOps.RotateLeft(x, 15), TOps.RotateLeft(x, 23));
            Unsafe.Add(ref w, j * stride) = TOps.Xor3(p1, TOps.RotateLeft(Unsafe.Add(ref w, (j - 13) * stride), 7), Unsafe.Add(ref w, (j - 6) * stride));
        }

        ref var v = ref Unsafe.As<uint, TV>(ref _state[first]);
        TV a = v, b = Unsafe.Add(ref v, stride), c = Unsafe.Add(ref v, 2 * stride), d = Unsafe.Add(ref v, 3 * stride);
        TV e = Unsafe.Add(ref v, 4 * stride), f = Unsafe.Add(ref v, 5 * stride), g = Unsafe.Add(ref v, 6 * stride), h = Unsafe.Add(ref v, 7 * stride);
        ref var t = ref MemoryMarshal.GetArrayDataReference(RotatedConstants);
        for (var j = 0; j < 64; j++)
        {
            var a12 = TOps.RotateLeft(a, 12);
            var ss1 = TOps.RotateLeft(TOps.Add(TOps.Add(a12, e), TOps.Splat(Unsafe.Add(ref t, j))), 7);
            var wj = Unsafe.Add(ref w, j * stride);

            // FF and GG: XOR in rounds 0–15, majority and choice from round 16 on.
            var ff = j < 16 ? TOps.Xor3(a, b, c) : TOps.Majority(a, b, c);
            var gg = j < 16 ? TOps.Xor3(e, f, g) : TOps.Choice(e, f, g);
            var tt1 = TOps.Add(TOps.Add(ff, d), TOps.Add(TOps.Xor(ss1, a12), TOps.Xor(wj, Unsafe.Add(ref w, (j + 4) * stride))));
            var tt2 = TOps.Add(TOps.Add(gg, h), TOps.Add(ss1, wj));
            d = c;
            c = TOps.RotateLeft(b, 9);
            b = a;
            a = tt1;
            h = g;
            g = TOps.RotateLeft(f, 19);
            f = e;
            e = TOps.Xor3(tt2, TOps.RotateLeft(tt2, 9), TOps.RotateLeft(tt2, 17));
        }

        ReadOnlySpan<TV> last = [a, b, c, d, e, f, g, h];
        for (var k = 0; k < 8; k++)
        {
            Unsafe.Add(ref v, k * stride) = TOps.Xor(Unsafe.Add(ref v, k * stride), last[k]);
        }
    }

    /// <summary>T_j &lt;&lt;&lt; (j mod 32) for rounds 0–63.</summary>
    private static readonly uint[] RotatedConstants = Enumerable.Range(0, 64)
        .Select(j => BitOperations.RotateLeft(j < 16 ? 0x79CC4519u : 0x7A879D8Au, j % 32))
        .ToArray();
}
