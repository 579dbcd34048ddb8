using System.Diagnostics.CodeAnalysis;
namespace MaskingProxy.Crypto;

/// <summary>
/// The operations SM3's compression needs on a vector of 32-bit lanes, one implementation per width
/// (<see cref="LaneVector512"/>, <see cref="LaneVector256"/>, <see cref="LaneVector128"/>). Structs
/// with static members: <see cref="Sm3Lanes"/>' generic compression is compiled once per width with
/// every call inlined, so each width runs its own instructions with no dispatch.
/// </summary>
internal interface ILaneVector<TV>
    where TV : struct
{
    /// <summary>Lanes per vector.</summary>
    static abstract int Width { get; }

    static abstract TV Splat(uint value);

    static abstract TV Add(TV x, TV y);

    static abstract TV Xor(TV x, TV y);

    static abstract TV Xor3(TV x, TV y, TV z);

    /// <summary>GG_j for j ≥ 16 (GB/T 32905-2016 §4.3): (x ∧ y) ∨ (¬x ∧ z).</summary>
    static abstract TV Choice(TV x, TV y, TV z);

    /// <summary>FF_j for j ≥ 16: (x ∧ y) ∨ (x ∧ z) ∨ (y ∧ z).</summary>
    static abstract TV Majority(TV x, TV y, TV z);

    /// <summary>Rotates every lane left by <paramref name="n"/> (1–31; a constant at every call).</summary>
    static abstract TV RotateLeft(TV x, [ConstantExpected(Min = 1, Max = 31)] byte n);
}
