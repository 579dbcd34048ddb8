using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace MaskingProxy.Crypto;

/// <summary>
/// Four lanes on 128-bit vectors: SSE2 on x64 without AVX2, NEON on ARM64 (e.g. Kunpeng servers),
/// where the wider paths do not exist.
/// </summary>
internal readonly struct LaneVector128 : ILaneVector<Vector128<uint>>
{
    public static int Width => 4;

    public static bool IsSupported => Vector128.IsHardwareAccelerated;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<uint> Splat(uint value) => Vector128.Create(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<uint> Add(Vector128<uint> x, Vector128<uint> y) => x + y;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<uint> Xor(Vector128<uint> x, Vector128<uint> y) => x ^ y;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<uint> Xor3(Vector128<uint> x, Vector128<uint> y, Vector128<uint> z) => x ^ y ^ z;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<uint> Choice(Vector128<uint> x, Vector128<uint> y, Vector128<uint> z) => z ^ (x & (y ^ z));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<uint> Majority(Vector128<uint> x, Vector128<uint> y, Vector128<uint> z) => (x & y) | (z & (x | y));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<uint> RotateLeft(Vector128<uint> x, [ConstantExpected(Min = 1, Max = 31)] byte n) => (x << n) | (x >>> (32 - n));
}
