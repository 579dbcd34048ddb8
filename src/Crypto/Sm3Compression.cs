using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace MaskingProxy.Crypto;

/// <summary>
/// The SM3 compression function (GB/T 32905-2016 §5.3), written for speed: SM3 dominates both
/// writing and verifying the audit chain (about 13 blocks per typical record, plus two for the
/// MAC). The 64 rounds are fully unrolled with the constants T_j &lt;&lt;&lt; j folded in, and the eight
/// working variables are renamed from round to round instead of moved (the specification's
/// D←C, C←B&lt;&lt;&lt;9, B←A, A←TT1, … become: rotate B and F in place, write TT1 over D and P0(TT2) over H,
/// and read the next round's A..H from the rotated names), so they stay in registers. The
/// expanded message lives in a caller-provided scratch span (no allocation).
/// <para>The sums are ordered so the terms on the serial chain come last (D + W'_j + FF + SS2,
/// H + W_j + GG + SS1): the others are added while SS1 is still being computed.</para>
/// <para>The round code is generated (one line pattern per round, plus the expansion of W_(j+4) from round 12 on); edit the pattern, not single rounds.</para>
/// </summary>
internal static class Sm3Compression
{
    public const int BlockSize = 64;

    /// <summary>Words of scratch <see cref="Compress"/> needs: W_0..W_67.</summary>
    public const int ScratchWords = 68;

    /// <summary>The initial value IV.</summary>
    public static ReadOnlySpan<uint> InitialValue =>
    [
        0x7380166F, 0x4914B2B9, 0x172442D7, 0xDA8A0600, 0xA96F30BC, 0x163138AA, 0xE38DEE4D, 0xB0FB0E4E,
    ];

    /// <summary>Compresses every whole 64-byte block of <paramref name="blocks"/> into <paramref name="state"/>.</summary>
    /// <param name="w">Scratch for the expanded message, at least <see cref="ScratchWords"/> words.</param>
    [SkipLocalsInit]
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // fully optimized from the first call: no slow tier-0 hashing while tiering catches up
    public static void Compress(Span<uint> state, ReadOnlySpan<byte> blocks, Span<uint> w)
    {
        if (state.Length < 8 || w.Length < ScratchWords)
        {
            throw new ArgumentException($"State needs 8 words and scratch {ScratchWords}.");
        }

        ref var wr = ref MemoryMarshal.GetReference(w);
        ref var v = ref MemoryMarshal.GetReference(state);
        while (blocks.Length >= BlockSize)
        {
            Load(ref MemoryMarshal.GetReference(blocks), ref wr);
            Rounds(ref v, ref wr);
            blocks = blocks[BlockSize..];
        }
    }

    /// <summary>
    /// W_0..W_15 of one block (§5.3.2). W_16..W_67 are expanded in the rounds, W_(j+4) in round j,
    /// and W'_j = W_j ^ W_(j+4) is formed there too. The expansion does not depend on the chaining
    /// state, so interleaved with the rounds it runs in the issue slots their serial dependency
    /// chain leaves idle; as a loop of its own before them it cost a third of the compression.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Load(ref byte block, ref uint w)
    {
        for (var i = 0; i < 16; i++)
        {
            W(ref w, i) = BinaryPrimitives.ReverseEndianness(Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref block, i * 4)));
        }

    }

    /// <summary>The 64 rounds of one block plus the final XOR with the input chaining value (§5.3.3).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Rounds(ref uint v, ref uint w)
    {
        // One state pointer, not eight: the working variables, the message pointer and the two
        // temporaries just fit the 16 x64 registers without spilling.
        uint a = v, b = W(ref v, 1), c = W(ref v, 2), d = W(ref v, 3), e = W(ref v, 4), f = W(ref v, 5), g = W(ref v, 6), h = W(ref v, 7);
        uint a12, ss1;

        // round 0
        a12 = BitOperations.RotateLeft(a, 12);
        ss1 = BitOperations.RotateLeft(a12 + e + 0x79CC4519u, 7);
        d = d + (W(ref w, 0) ^ W(ref w, 4)) + (a ^ b ^ c) + (ss1 ^ a12);
        h = h + W(ref w, 0) + (e ^ f ^ g) + ss1;
        h = P0(h);
        b = BitOperations.RotateLeft(b, 9);
        f = BitOperations.RotateLeft(f, 19);
        // round 1
        a12 = BitOperations.RotateLeft(d, 12);
        ss1 = BitOperations.RotateLeft(a12 + h + 0xF3988A32u, 7);
        c = c + (W(ref w, 1) ^ W(ref w, 5)) + (d ^ a ^ b) + (ss1 ^ a12);
        g = g + W(ref w, 1) + (h ^ e ^ f) + ss1;
        g = P0(g);
        a = BitOperations.RotateLeft(a, 9);
        e = BitOperations.RotateLeft(e, 19);
        // round 2
        a12 = BitOperations.RotateLeft(c, 12);
        ss1 = BitOperations.RotateLeft(a12 + g + 0xE7311465u, 7);
        b = b + (W(ref w, 2) ^ W(ref w, 6)) + (c ^ d ^ a) + (ss1 ^ a12);
        f = f + W(ref w, 2) + (g ^ h ^ e) + ss1;
        f = P0(f);
        d = BitOperations.RotateLeft(d, 9);
        h = BitOperations.RotateLeft(h, 19);
        // round 3
        a12 = BitOperations.RotateLeft(b, 12);
        ss1 = BitOperations.RotateLeft(a12 + f + 0xCE6228CBu, 7);
        a = a + (W(ref w, 3) ^ W(ref w, 7)) + (b ^ c ^ d) + (ss1 ^ a12);
        e = e + W(ref w, 3) + (f ^ g ^ h) + ss1;
        e = P0(e);
        c = BitOperations.RotateLeft(c, 9);
        g = BitOperations.RotateLeft(g, 19);
        // round 4
        a12 = BitOperations.RotateLeft(a, 12);
        ss1 = BitOperations.RotateLeft(a12 + e + 0x9CC45197u, 7);
        d = d + (W(ref w, 4) ^ W(ref w, 8)) + (a ^ b ^ c) + (ss1 ^ a12);
        h = h + W(ref w, 4) + (e ^ f ^ g) + ss1;
        h = P0(h);
        b = BitOperations.RotateLeft(b, 9);
        f = BitOperations.RotateLeft(f, 19);
        // round 5
        a12 = BitOperations.RotateLeft(d, 12);
        ss1 = BitOperations.RotateLeft(a12 + h + 0x3988A32Fu, 7);
        c = c + (W(ref w, 5) ^ W(ref w, 9)) + (d ^ a ^ b) + (ss1 ^ a12);
        g = g + W(ref w, 5) + (h ^ e ^ f) + ss1;
        g = P0(g);
        a = BitOperations.RotateLeft(a, 9);
        e = BitOperations.RotateLeft(e, 19);
        // round 6
        a12 = BitOperations.RotateLeft(c, 12);
        ss1 = BitOperations.RotateLeft(a12 + g + 0x7311465Eu, 7);
        b = b + (W(ref w, 6) ^ W(ref w, 10)) + (c ^ d ^ a) + (ss1 ^ a12);
        f = f + W(ref w, 6) + (g ^ h ^ e) + ss1;
        f = P0(f);
        d = BitOperations.RotateLeft(d, 9);
        h = BitOperations.RotateLeft(h, 19);
        // round 7
        a12 = BitOperations.RotateLeft(b, 12);
        ss1 = BitOperations.RotateLeft(a12 + f + 0xE6228CBCu, 7);
        a = a + (W(ref w, 7) ^ W(ref w, 11)) + (b ^ c ^ d) + (ss1 ^ a12);
        e = e + W(ref w, 7) + (f ^ g ^ h) + ss1;
        e = P0(e);
        c = BitOperations.RotateLeft(c, 9);
        g = BitOperations.RotateLeft(g, 19);
        // round 8
        a12 = BitOperations.RotateLeft(a, 12);
        ss1 = BitOperations.RotateLeft(a12 + e + 0xCC451979u, 7);
        d = d + (W(ref w, 8) ^ W(ref w, 12)) + (a ^ b ^ c) + (ss1 ^ a12);
        h = h + W(ref w, 8) + (e ^ f ^ g) + ss1;
        h = P0(h);
        b = BitOperations.RotateLeft(b, 9);
        f = BitOperations.RotateLeft(f, 19);
        // round 9
        a12 = BitOperations.RotateLeft(d, 12);
        ss1 = BitOperations.RotateLeft(a12 + h + 0x988A32F3u, 7);
        c = c + (W(ref w, 9) ^ W(ref w, 13)) + (d ^ a ^ b) + (ss1 ^ a12);
        g = g + W(ref w, 9) + (h ^ e ^ f) + ss1;
        g = P0(g);
        a = BitOperations.RotateLeft(a, 9);
        e = BitOperations.RotateLeft(e, 19);
        // round 10
        a12 = BitOperations.RotateLeft(c, 12);
        ss1 = BitOperations.RotateLeft(a12 + g + 0x311465E7u, 7);
        b = b + (W(ref w, 10) ^ W(ref w, 14)) + (c ^ d ^ a) + (ss1 ^ a12);
        f = f + W(ref w, 10) + (g ^ h ^ e) + ss1;
        f = P0(f);
        d = BitOperations.RotateLeft(d, 9);
        h = BitOperations.RotateLeft(h, 19);
        // round 11
        a12 = BitOperations.RotateLeft(b, 12);
        ss1 = BitOperations.RotateLeft(a12 + f + 0x6228CBCEu, 7);
        a = a + (W(ref w, 11) ^ W(ref w, 15)) + (b ^ c ^ d) + (ss1 ^ a12);
        e = e + W(ref w, 11) + (f ^ g ^ h) + ss1;
        e = P0(e);
        c = BitOperations.RotateLeft(c, 9);
        g = BitOperations.RotateLeft(g, 19);
        // round 12
        W(ref w, 16) = P1(W(ref w, 0) ^ W(ref w, 7) ^ BitOperations.RotateLeft(W(ref w, 13), 15)) ^ BitOperations.RotateLeft(W(ref w, 3), 7) ^ W(ref w, 10);
        a12 = BitOperations.RotateLeft(a, 12);
        ss1 = BitOperations.RotateLeft(a12 + e + 0xC451979Cu, 7);
        d = d + (W(ref w, 12) ^ W(ref w, 16)) + (a ^ b ^ c) + (ss1 ^ a12);
        h = h + W(ref w, 12) + (e ^ f ^ g) + ss1;
        h = P0(h);
        b = BitOperations.RotateLeft(b, 9);
        f = BitOperations.RotateLeft(f, 19);
        // round 13
        W(ref w, 17) = P1(W(ref w, 1) ^ W(ref w, 8) ^ BitOperations.RotateLeft(W(ref w, 14), 15)) ^ BitOperations.RotateLeft(W(ref w, 4), 7) ^ W(ref w, 11);
        a12 = BitOperations.RotateLeft(d, 12);
        ss1 = BitOperations.RotateLeft(a12 + h + 0x88A32F39u, 7);
        c = c + (W(ref w, 13) ^ W(ref w, 17)) + (d ^ a ^ b) + (ss1 ^ a12);
        g = g + W(ref w, 13) + (h ^ e ^ f) + ss1;
        g = P0(g);
        a = BitOperations.RotateLeft(a, 9);
        e = BitOperations.RotateLeft(e, 19);
        // round 14
        W(ref w, 18) = P1(W(ref w, 2) ^ W(ref w, 9) ^ BitOperations.RotateLeft(W(ref w, 15), 15)) ^ BitOperations.RotateLeft(W(ref w, 5), 7) ^ W(ref w, 12);
        a12 = BitOperations.RotateLeft(c, 12);
        ss1 = BitOperations.RotateLeft(a12 + g + 0x11465E73u, 7);
        b = b + (W(ref w, 14) ^ W(ref w, 18)) + (c ^ d ^ a) + (ss1 ^ a12);
        f = f + W(ref w, 14) + (g ^ h ^ e) + ss1;
        f = P0(f);
        d = BitOperations.RotateLeft(d, 9);
        h = BitOperations.RotateLeft(h, 19);
        // round 15
        W(ref w, 19) = P1(W(ref w, 3) ^ W(ref w, 10) ^ BitOperations.RotateLeft(W(ref w, 16), 15)) ^ BitOperations.RotateLeft(W(ref w, 6), 7) ^ W(ref w, 13);
        a12 = BitOperations.RotateLeft(b, 12);
        ss1 = BitOperations.RotateLeft(a12 + f + 0x228CBCE6u, 7);
        a = a + (W(ref w, 15) ^ W(ref w, 19)) + (b ^ c ^ d) + (ss1 ^ a12);
        e = e + W(ref w, 15) + (f ^ g ^ h) + ss1;
        e = P0(e);
        c = BitOperations.RotateLeft(c, 9);
        g = BitOperations.RotateLeft(g, 19);
        // round 16
        W(ref w, 20) = P1(W(ref w, 4) ^ W(ref w, 11) ^ BitOperations.RotateLeft(W(ref w, 17), 15)) ^ BitOperations.RotateLeft(W(ref w, 7), 7) ^ W(ref w, 14);
        a12 = BitOperations.RotateLeft(a, 12);
        ss1 = BitOperations.RotateLeft(a12 + e + 0x9D8A7A87u, 7);
        d = d + (W(ref w, 16) ^ W(ref w, 20)) + ((a & b) | (c & (a | b))) + (ss1 ^ a12);
        h = h + W(ref w, 16) + (g ^ (e & (f ^ g))) + ss1;
        h = P0(h);
        b = BitOperations.RotateLeft(b, 9);
        f = BitOperations.RotateLeft(f, 19);
        // round 17
        W(ref w, 21) = P1(W(ref w, 5) ^ W(ref w, 12) ^ BitOperations.RotateLeft(W(ref w, 18), 15)) ^ BitOperations.RotateLeft(W(ref w, 8), 7) ^ W(ref w, 15);
        a12 = BitOperations.RotateLeft(d, 12);
        ss1 = BitOperations.RotateLeft(a12 + h + 0x3B14F50Fu, 7);
        c = c + (W(ref w, 17) ^ W(ref w, 21)) + ((d & a) | (b & (d | a))) + (ss1 ^ a12);
        g = g + W(ref w, 17) + (f ^ (h & (e ^ f))) + ss1;
        g = P0(g);
        a = BitOperations.RotateLeft(a, 9);
        e = BitOperations.RotateLeft(e, 19);
        // round 18
        W(ref w, 22) = P1(W(ref w, 6) ^ W(ref w, 13) ^ BitOperations.RotateLeft(W(ref w, 19), 15)) ^ BitOperations.RotateLeft(W(ref w, 9), 7) ^ W(ref w, 16);
        a12 = BitOperations.RotateLeft(c, 12);
        ss1 = BitOperations.RotateLeft(a12 + g + 0x7629EA1Eu, 7);
        b = b + (W(ref w, 18) ^ W(ref w, 22)) + ((c & d) | (a & (c | d))) + (ss1 ^ a12);
        f = f + W(ref w, 18) + (e ^ (g & (h ^ e))) + ss1;
        f = P0(f);
        d = BitOperations.RotateLeft(d, 9);
        h = BitOperations.RotateLeft(h, 19);
        // round 19
        W(ref w, 23) = P1(W(ref w, 7) ^ W(ref w, 14) ^ BitOperations.RotateLeft(W(ref w, 20), 15)) ^ BitOperations.RotateLeft(W(ref w, 10), 7) ^ W(ref w, 17);
        a12 = BitOperations.RotateLeft(b, 12);
        ss1 = BitOperations.RotateLeft(a12 + f + 0xEC53D43Cu, 7);
        a = a + (W(ref w, 19) ^ W(ref w, 23)) + ((b & c) | (d & (b | c))) + (ss1 ^ a12);
        e = e + W(ref w, 19) + (h ^ (f & (g ^ h))) + ss1;
        e = P0(e);
        c = BitOperations.RotateLeft(c, 9);
        g = BitOperations.RotateLeft(g, 19);
        // round 20
        W(ref w, 24) = P1(W(ref w, 8) ^ W(ref w, 15) ^ BitOperations.RotateLeft(W(ref w, 21), 15)) ^ BitOperations.RotateLeft(W(ref w, 11), 7) ^ W(ref w, 18);
        a12 = BitOperations.RotateLeft(a, 12);
        ss1 = BitOperations.RotateLeft(a12 + e + 0xD8A7A879u, 7);
        d = d + (W(ref w, 20) ^ W(ref w, 24)) + ((a & b) | (c & (a | b))) + (ss1 ^ a12);
        h = h + W(ref w, 20) + (g ^ (e & (f ^ g))) + ss1;
        h = P0(h);
        b = BitOperations.RotateLeft(b, 9);
        f = BitOperations.RotateLeft(f, 19);
        // round 21
        W(ref w, 25) = P1(W(ref w, 9) ^ W(ref w, 16) ^ BitOperations.RotateLeft(W(ref w, 22), 15)) ^ BitOperations.RotateLeft(W(ref w, 12), 7) ^ W(ref w, 19);
        a12 = BitOperations.RotateLeft(d, 12);
        ss1 = BitOperations.RotateLeft(a12 + h + 0xB14F50F3u, 7);
        c = c + (W(ref w, 21) ^ W(ref w, 25)) + ((d & a) | (b & (d | a))) + (ss1 ^ a12);
        g = g + W(ref w, 21) + (f ^ (h & (e ^ f))) + ss1;
        g = P0(g);
        a = BitOperations.RotateLeft(a, 9);
        e = BitOperations.RotateLeft(e, 19);
        // round 22
        W(ref w, 26) = P1(W(ref w, 10) ^ W(ref w, 17) ^ BitOperations.RotateLeft(W(ref w, 23), 15)) ^ BitOperations.RotateLeft(W(ref w, 13), 7) ^ W(ref w, 20);
        a12 = BitOperations.RotateLeft(c, 12);
        ss1 = BitOperations.RotateLeft(a12 + g + 0x629EA1E7u, 7);
        b = b + (W(ref w, 22) ^ W(ref w, 26)) + ((c & d) | (a & (c | d))) + (ss1 ^ a12);
        f = f + W(ref w, 22) + (e ^ (g & (h ^ e))) + ss1;
        f = P0(f);
        d = BitOperations.RotateLeft(d, 9);
        h = BitOperations.RotateLeft(h, 19);
        // round 23
        W(ref w, 27) = P1(W(ref w, 11) ^ W(ref w, 18) ^ BitOperations.RotateLeft(W(ref w, 24), 15)) ^ BitOperations.RotateLeft(W(ref w, 14), 7) ^ W(ref w, 21);
        a12 = BitOperations.RotateLeft(b, 12);
        ss1 = BitOperations.RotateLeft(a12 + f + 0xC53D43CEu, 7);
        a = a + (W(ref w, 23) ^ W(ref w, 27)) + ((b & c) | (d & (b | c))) + (ss1 ^ a12);
        e = e + W(ref w, 23) + (h ^ (f & (g ^ h))) + ss1;
        e = P0(e);
        c = BitOperations.RotateLeft(c, 9);
        g = BitOperations.RotateLeft(g, 19);
        // round 24
        W(ref w, 28) = P1(W(ref w, 12) ^ W(ref w, 19) ^ BitOperations.RotateLeft(W(ref w, 25), 15)) ^ BitOperations.RotateLeft(W(ref w, 15), 7) ^ W(ref w, 22);
        a12 = BitOperations.RotateLeft(a, 12);
        ss1 = BitOperations.RotateLeft(a12 + e + 0x8A7A879Du, 7);
        d = d + (W(ref w, 24) ^ W(ref w, 28)) + ((a & b) | (c & (a | b))) + (ss1 ^ a12);
        h = h + W(ref w, 24) + (g ^ (e & (f ^ g))) + ss1;
        h = P0(h);
        b = BitOperations.RotateLeft(b, 9);
        f = BitOperations.RotateLeft(f, 19);
        // round 25
        W(ref w, 29) = P1(W(ref w, 13) ^ W(ref w, 20) ^ BitOperations.RotateLeft(W(ref w, 26), 15)) ^ BitOperations.RotateLeft(W(ref w, 16), 7) ^ W(ref w, 23);
        a12 = BitOperations.RotateLeft(d, 12);
        ss1 = BitOperations.RotateLeft(a12 + h + 0x14F50F3Bu, 7);
        c = c + (W(ref w, 25) ^ W(ref w, 29)) + ((d & a) | (b & (d | a))) + (ss1 ^ a12);
        g = g + W(ref w, 25) + (f ^ (h & (e ^ f))) + ss1;
        g = P0(g);
        a = BitOperations.RotateLeft(a, 9);
        e = BitOperations.RotateLeft(e, 19);
        // round 26
        W(ref w, 30) = P1(W(ref w, 14) ^ W(ref w, 21) ^ BitOperations.RotateLeft(W(ref w, 27), 15)) ^ BitOperations.RotateLeft(W(ref w, 17), 7) ^ W(ref w, 24);
        a12 = BitOperations.RotateLeft(c, 12);
        ss1 = BitOperations.RotateLeft(a12 + g + 0x29EA1E76u, 7);
        b = b + (W(ref w, 26) ^ W(ref w, 30)) + ((c & d) | (a & (c | d))) + (ss1 ^ a12);
        f = f + W(ref w, 26) + (e ^ (g & (h ^ e))) + ss1;
        f = P0(f);
        d = BitOperations.RotateLeft(d, 9);
        h = BitOperations.RotateLeft(h, 19);
        // round 27
        W(ref w, 31) = P1(W(ref w, 15) ^ W(ref w, 22) ^ BitOperations.RotateLeft(W(ref w, 28), 15)) ^ BitOperations.RotateLeft(W(ref w, 18), 7) ^ W(ref w, 25);
        a12 = BitOperations.RotateLeft(b, 12);
        ss1 = BitOperations.RotateLeft(a12 + f + 0x53D43CECu, 7);
        a = a + (W(ref w, 27) ^ W(ref w, 31)) + ((b & c) | (d & (b | c))) + (ss1 ^ a12);
        e = e + W(ref w, 27) + (h ^ (f & (g ^ h))) + ss1;
        e = P0(e);
        c = BitOperations.RotateLeft(c, 9);
        g = BitOperations.RotateLeft(g, 19);
        // round 28
        W(ref w, 32) = P1(W(ref w, 16) ^ W(ref w, 23) ^ BitOperations.RotateLeft(W(ref w, 29), 15)) ^ BitOperations.RotateLeft(W(ref w, 19), 7) ^ W(ref w, 26);
        a12 = BitOperations.RotateLeft(a, 12);
        ss1 = BitOperations.RotateLeft(a12 + e + 0xA7A879D8u, 7);
        d = d + (W(ref w, 28) ^ W(ref w, 32)) + ((a & b) | (c & (a | b))) + (ss1 ^ a12);
        h = h + W(ref w, 28) + (g ^ (e & (f ^ g))) + ss1;
        h = P0(h);
        b = BitOperations.RotateLeft(b, 9);
        f = BitOperations.RotateLeft(f, 19);
        // round 29
        W(ref w, 33) = P1(W(ref w, 17) ^ W(ref w, 24) ^ BitOperations.RotateLeft(W(ref w, 30), 15)) ^ BitOperations.RotateLeft(W(ref w, 20), 7) ^ W(ref w, 27);
        a12 = BitOperations.RotateLeft(d, 12);
        ss1 = BitOperations.RotateLeft(a12 + h + 0x4F50F3B1u, 7);
        c = c + (W(ref w, 29) ^ W(ref w, 33)) + ((d & a) | (b & (d | a))) + (ss1 ^ a12);
        g = g + W(ref w, 29) + (f ^ (h & (e ^ f))) + ss1;
        g = P0(g);
        a = BitOperations.RotateLeft(a, 9);
        e = BitOperations.RotateLeft(e, 19);
        // round 30
        W(ref w, 34) = P1(W(ref w, 18) ^ W(ref w, 25) ^ BitOperations.RotateLeft(W(ref w, 31), 15)) ^ BitOperations.RotateLeft(W(ref w, 21), 7) ^ W(ref w, 28);
        a12 = BitOperations.RotateLeft(c, 12);
        ss1 = BitOperations.RotateLeft(a12 + g + 0x9EA1E762u, 7);
        b = b + (W(ref w, 30) ^ W(ref w, 34)) + ((c & d) | (a & (c | d))) + (ss1 ^ a12);
        f = f + W(ref w, 30) + (e ^ (g & (h ^ e))) + ss1;
        f = P0(f);
        d = BitOperations.RotateLeft(d, 9);
        h = BitOperations.RotateLeft(h, 19);
        // round 31
        W(ref w, 35) = P1(W(ref w, 19) ^ W(ref w, 26) ^ BitOperations.RotateLeft(W(ref w, 32), 15)) ^ BitOperations.RotateLeft(W(ref w, 22), 7) ^ W(ref w, 29);
        a12 = BitOperations.RotateLeft(b, 12);
        ss1 = BitOperations.RotateLeft(a12 + f + 0x3D43CEC5u, 7);
        a = a + (W(ref w, 31) ^ W(ref w, 35)) + ((b & c) | (d & (b | c))) + (ss1 ^ a12);
        e = e + W(ref w, 31) + (h ^ (f & (g ^ h))) + ss1;
        e = P0(e);
        c = BitOperations.RotateLeft(c, 9);
        g = BitOperations.RotateLeft(g, 19);
        // round 32
        W(ref w, 36) = P1(W(ref w, 20) ^ W(ref w, 27) ^ BitOperations.RotateLeft(W(ref w, 33), 15)) ^ BitOperations.RotateLeft(W(ref w, 23), 7) ^ W(ref w, 30);
        a12 = BitOperations.RotateLeft(a, 12);
        ss1 = BitOperations.RotateLeft(a12 + e + 0x7A879D8Au, 7);
        d = d + (W(ref w, 32) ^ W(ref w, 36)) + ((a & b) | (c & (a | b))) + (ss1 ^ a12);
        h = h + W(ref w, 32) + (g ^ (e & (f ^ g))) + ss1;
        h = P0(h);
        b = BitOperations.RotateLeft(b, 9);
        f = BitOperations.RotateLeft(f, 19);
        // round 33
        W(ref w, 37) = P1(W(ref w, 21) ^ W(ref w, 28) ^ BitOperations.RotateLeft(W(ref w, 34), 15)) ^ BitOperations.RotateLeft(W(ref w, 24), 7) ^ W(ref w, 31);
        a12 = BitOperations.RotateLeft(d, 12);
        ss1 = BitOperations.RotateLeft(a12 + h + 0xF50F3B14u, 7);
        c = c + (W(ref w, 33) ^ W(ref w, 37)) + ((d & a) | (b & (d | a))) + (ss1 ^ a12);
        g = g + W(ref w, 33) + (f ^ (h & (e ^ f))) + ss1;
        g = P0(g);
        a = BitOperations.RotateLeft(a, 9);
        e = BitOperations.RotateLeft(e, 19);
        // round 34
        W(ref w, 38) = P1(W(ref w, 22) ^ W(ref w, 29) ^ BitOperations.RotateLeft(W(ref w, 35), 15)) ^ BitOperations.RotateLeft(W(ref w, 25), 7) ^ W(ref w, 32);
        a12 = BitOperations.RotateLeft(c, 12);
        ss1 = BitOperations.RotateLeft(a12 + g + 0xEA1E7629u, 7);
        b = b + (W(ref w, 34) ^ W(ref w, 38)) + ((c & d) | (a & (c | d))) + (ss1 ^ a12);
        f = f + W(ref w, 34) + (e ^ (g & (h ^ e))) + ss1;
        f = P0(f);
        d = BitOperations.RotateLeft(d, 9);
        h = BitOperations.RotateLeft(h, 19);
        // round 35
        W(ref w, 39) = P1(W(ref w, 23) ^ W(ref w, 30) ^ BitOperations.RotateLeft(W(ref w, 36), 15)) ^ BitOperations.RotateLeft(W(ref w, 26), 7) ^ W(ref w, 33);
        a12 = BitOperations.RotateLeft(b, 12);
        ss1 = BitOperations.RotateLeft(a12 + f + 0xD43CEC53u, 7);
        a = a + (W(ref w, 35) ^ W(ref w, 39)) + ((b & c) | (d & (b | c))) + (ss1 ^ a12);
        e = e + W(ref w, 35) + (h ^ (f & (g ^ h))) + ss1;
        e = P0(e);
        c = BitOperations.RotateLeft(c, 9);
        g = BitOperations.RotateLeft(g, 19);
        // round 36
        W(ref w, 40) = P1(W(ref w, 24) ^ W(ref w, 31) ^ BitOperations.RotateLeft(W(ref w, 37), 15)) ^ BitOperations.RotateLeft(W(ref w, 27), 7) ^ W(ref w, 34);
        a12 = BitOperations.RotateLeft(a, 12);
        ss1 = BitOperations.RotateLeft(a12 + e + 0xA879D8A7u, 7);
        d = d + (W(ref w, 36) ^ W(ref w, 40)) + ((a & b) | (c & (a | b))) + (ss1 ^ a12);
        h = h + W(ref w, 36) + (g ^ (e & (f ^ g))) + ss1;
        h = P0(h);
        b = BitOperations.RotateLeft(b, 9);
        f = BitOperations.RotateLeft(f, 19);
        // round 37
        W(ref w, 41) = P1(W(ref w, 25) ^ W(ref w, 32) ^ BitOperations.RotateLeft(W(ref w, 38), 15)) ^ BitOperations.RotateLeft(W(ref w, 28), 7) ^ W(ref w, 35);
        a12 = BitOperations.RotateLeft(d, 12);
        ss1 = BitOperations.RotateLeft(a12 + h + 0x50F3B14Fu, 7);
        c = c + (W(ref w, 37) ^ W(ref w, 41)) + ((d & a) | (b & (d | a))) + (ss1 ^ a12);
        g = g + W(ref w, 37) + (f ^ (h & (e ^ f))) + ss1;
        g = P0(g);
        a = BitOperations.RotateLeft(a, 9);
        e = BitOperations.RotateLeft(e, 19);
        // round 38
        W(ref w, 42) = P1(W(ref w, 26) ^ W(ref w, 33) ^ BitOperations.RotateLeft(W(ref w, 39), 15)) ^ BitOperations.RotateLeft(W(ref w, 29), 7) ^ W(ref w, 36);
        a12 = BitOperations.RotateLeft(c, 12);
        ss1 = BitOperations.RotateLeft(a12 + g + 0xA1E7629Eu, 7);
        b = b + (W(ref w, 38) ^ W(ref w, 42)) + ((c & d) | (a & (c | d))) + (ss1 ^ a12);
        f = f + W(ref w, 38) + (e ^ (g & (h ^ e))) + ss1;
        f = P0(f);
        d = BitOperations.RotateLeft(d, 9);
        h = BitOperations.RotateLeft(h, 19);
        // round 39
        W(ref w, 43) = P1(W(ref w, 27) ^ W(ref w, 34) ^ BitOperations.RotateLeft(W(ref w, 40), 15)) ^ BitOperations.RotateLeft(W(ref w, 30), 7) ^ W(ref w, 37);
        a12 = BitOperations.RotateLeft(b, 12);
        ss1 = BitOperations.RotateLeft(a12 + f + 0x43CEC53Du, 7);
        a = a + (W(ref w, 39) ^ W(ref w, 43)) + ((b & c) | (d & (b | c))) + (ss1 ^ a12);
        e = e + W(ref w, 39) + (h ^ (f & (g ^ h))) + ss1;
        e = P0(e);
        c = BitOperations.RotateLeft(c, 9);
        g = BitOperations.RotateLeft(g, 19);
        // round 40
        W(ref w, 44) = P1(W(ref w, 28) ^ W(ref w, 35) ^ BitOperations.RotateLeft(W(ref w, 41), 15)) ^ BitOperations.RotateLeft(W(ref w, 31), 7) ^ W(ref w, 38);
        a12 = BitOperations.RotateLeft(a, 12);
        ss1 = BitOperations.RotateLeft(a12 + e + 0x879D8A7Au, 7);
        d = d + (W(ref w, 40) ^ W(ref w, 44)) + ((a & b) | (c & (a | b))) + (ss1 ^ a12);
        h = h + W(ref w, 40) + (g ^ (e & (f ^ g))) + ss1;
        h = P0(h);
        b = BitOperations.RotateLeft(b, 9);
        f = BitOperations.RotateLeft(f, 19);
        // round 41
        W(ref w, 45) = P1(W(ref w, 29) ^ W(ref w, 36) ^ BitOperations.RotateLeft(W(ref w, 42), 15)) ^ BitOperations.RotateLeft(W(ref w, 32), 7) ^ W(ref w, 39);
        a12 = BitOperations.RotateLeft(d, 12);
        ss1 = BitOperations.RotateLeft(a12 + h + 0x0F3B14F5u, 7);
        c = c + (W(ref w, 41) ^ W(ref w, 45)) + ((d & a) | (b & (d | a))) + (ss1 ^ a12);
        g = g + W(ref w, 41) + (f ^ (h & (e ^ f))) + ss1;
        g = P0(g);
        a = BitOperations.RotateLeft(a, 9);
        e = BitOperations.RotateLeft(e, 19);
        // round 42
        W(ref w, 46) = P1(W(ref w, 30) ^ W(ref w, 37) ^ BitOperations.RotateLeft(W(ref w, 43), 15)) ^ BitOperations.RotateLeft(W(ref w, 33), 7) ^ W(ref w, 40);
        a12 = BitOperations.RotateLeft(c, 12);
        ss1 = BitOperations.RotateLeft(a12 + g + 0x1E7629EAu, 7);
        b = b + (W(ref w, 42) ^ W(ref w, 46)) + ((c & d) | (a & (c | d))) + (ss1 ^ a12);
        f = f + W(ref w, 42) + (e ^ (g & (h ^ e))) + ss1;
        f = P0(f);
        d = BitOperations.RotateLeft(d, 9);
        h = BitOperations.RotateLeft(h, 19);
        // round 43
        W(ref w, 47) = P1(W(ref w, 31) ^ W(ref w, 38) ^ BitOperations.RotateLeft(W(ref w, 44), 15)) ^ BitOperations.RotateLeft(W(ref w, 34), 7) ^ W(ref w, 41);
        a12 = BitOperations.RotateLeft(b, 12);
        ss1 = BitOperations.RotateLeft(a12 + f + 0x3CEC53D4u, 7);
        a = a + (W(ref w, 43) ^ W(ref w, 47)) + ((b & c) | (d & (b | c))) + (ss1 ^ a12);
        e = e + W(ref w, 43) + (h ^ (f & (g ^ h))) + ss1;
        e = P0(e);
        c = BitOperations.RotateLeft(c, 9);
        g = BitOperations.RotateLeft(g, 19);
        // round 44
        W(ref w, 48) = P1(W(ref w, 32) ^ W(ref w, 39) ^ BitOperations.RotateLeft(W(ref w, 45), 15)) ^ BitOperations.RotateLeft(W(ref w, 35), 7) ^ W(ref w, 42);
        a12 = BitOperations.RotateLeft(a, 12);
        ss1 = BitOperations.RotateLeft(a12 + e + 0x79D8A7A8u, 7);
        d = d + (W(ref w, 44) ^ W(ref w, 48)) + ((a & b) | (c & (a | b))) + (ss1 ^ a12);
        h = h + W(ref w, 44) + (g ^ (e & (f ^ g))) + ss1;
        h = P0(h);
        b = BitOperations.RotateLeft(b, 9);
        f = BitOperations.RotateLeft(f, 19);
        // round 45
        W(ref w, 49) = P1(W(ref w, 33) ^ W(ref w, 40) ^ BitOperations.RotateLeft(W(ref w, 46), 15)) ^ BitOperations.RotateLeft(W(ref w, 36), 7) ^ W(ref w, 43);
        a12 = BitOperations.RotateLeft(d, 12);
        ss1 = BitOperations.RotateLeft(a12 + h + 0xF3B14F50u, 7);
        c = c + (W(ref w, 45) ^ W(ref w, 49)) + ((d & a) | (b & (d | a))) + (ss1 ^ a12);
        g = g + W(ref w, 45) + (f ^ (h & (e ^ f))) + ss1;
        g = P0(g);
        a = BitOperations.RotateLeft(a, 9);
        e = BitOperations.RotateLeft(e, 19);
        // round 46
        W(ref w, 50) = P1(W(ref w, 34) ^ W(ref w, 41) ^ BitOperations.RotateLeft(W(ref w, 47), 15)) ^ BitOperations.RotateLeft(W(ref w, 37), 7) ^ W(ref w, 44);
        a12 = BitOperations.RotateLeft(c, 12);
        ss1 = BitOperations.RotateLeft(a12 + g + 0xE7629EA1u, 7);
        b = b + (W(ref w, 46) ^ W(ref w, 50)) + ((c & d) | (a & (c | d))) + (ss1 ^ a12);
        f = f + W(ref w, 46) + (e ^ (g & (h ^ e))) + ss1;
        f = P0(f);
        d = BitOperations.RotateLeft(d, 9);
        h = BitOperations.RotateLeft(h, 19);
        // round 47
        W(ref w, 51) = P1(W(ref w, 35) ^ W(ref w, 42) ^ BitOperations.RotateLeft(W(ref w, 48), 15)) ^ BitOperations.RotateLeft(W(ref w, 38), 7) ^ W(ref w, 45);
        a12 = BitOperations.RotateLeft(b, 12);
        ss1 = BitOperations.RotateLeft(a12 + f + 0xCEC53D43u, 7);
        a = a + (W(ref w, 47) ^ W(ref w, 51)) + ((b & c) | (d & (b | c))) + (ss1 ^ a12);
        e = e + W(ref w, 47) + (h ^ (f & (g ^ h))) + ss1;
        e = P0(e);
        c = BitOperations.RotateLeft(c, 9);
        g = BitOperations.RotateLeft(g, 19);
        // round 48
        W(ref w, 52) = P1(W(ref w, 36) ^ W(ref w, 43) ^ BitOperations.RotateLeft(W(ref w, 49), 15)) ^ BitOperations.RotateLeft(W(ref w, 39), 7) ^ W(ref w, 46);
        a12 = BitOperations.RotateLeft(a, 12);
        ss1 = BitOperations.RotateLeft(a12 + e + 0x9D8A7A87u, 7);
        d = d + (W(ref w, 48) ^ W(ref w, 52)) + ((a & b) | (c & (a | b))) + (ss1 ^ a12);
        h = h + W(ref w, 48) + (g ^ (e & (f ^ g))) + ss1;
        h = P0(h);
        b = BitOperations.RotateLeft(b, 9);
        f = BitOperations.RotateLeft(f, 19);
        // round 49
        W(ref w, 53) = P1(W(ref w, 37) ^ W(ref w, 44) ^ BitOperations.RotateLeft(W(ref w, 50), 15)) ^ BitOperations.RotateLeft(W(ref w, 40), 7) ^ W(ref w, 47);
        a12 = BitOperations.RotateLeft(d, 12);
        ss1 = BitOperations.RotateLeft(a12 + h + 0x3B14F50Fu, 7);
        c = c + (W(ref w, 49) ^ W(ref w, 53)) + ((d & a) | (b & (d | a))) + (ss1 ^ a12);
        g = g + W(ref w, 49) + (f ^ (h & (e ^ f))) + ss1;
        g = P0(g);
        a = BitOperations.RotateLeft(a, 9);
        e = BitOperations.RotateLeft(e, 19);
        // round 50
        W(ref w, 54) = P1(W(ref w, 38) ^ W(ref w, 45) ^ BitOperations.RotateLeft(W(ref w, 51), 15)) ^ BitOperations.RotateLeft(W(ref w, 41), 7) ^ W(ref w, 48);
        a12 = BitOperations.RotateLeft(c, 12);
        ss1 = BitOperations.RotateLeft(a12 + g + 0x7629EA1Eu, 7);
        b = b + (W(ref w, 50) ^ W(ref w, 54)) + ((c & d) | (a & (c | d))) + (ss1 ^ a12);
        f = f + W(ref w, 50) + (e ^ (g & (h ^ e))) + ss1;
        f = P0(f);
        d = BitOperations.RotateLeft(d, 9);
        h = BitOperations.RotateLeft(h, 19);
        // round 51
        W(ref w, 55) = P1(W(ref w, 39) ^ W(ref w, 46) ^ BitOperations.RotateLeft(W(ref w, 52), 15)) ^ BitOperations.RotateLeft(W(ref w, 42), 7) ^ W(ref w, 49);
        a12 = BitOperations.RotateLeft(b, 12);
        ss1 = BitOperations.RotateLeft(a12 + f + 0xEC53D43Cu, 7);
        a = a + (W(ref w, 51) ^ W(ref w, 55)) + ((b & c) | (d & (b | c))) + (ss1 ^ a12);
        e = e + W(ref w, 51) + (h ^ (f & (g ^ h))) + ss1;
        e = P0(e);
        c = BitOperations.RotateLeft(c, 9);
        g = BitOperations.RotateLeft(g, 19);
        // round 52
        W(ref w, 56) = P1(W(ref w, 40) ^ W(ref w, 47) ^ BitOperations.RotateLeft(W(ref w, 53), 15)) ^ BitOperations.RotateLeft(W(ref w, 43), 7) ^ W(ref w, 50);
        a12 = BitOperations.RotateLeft(a, 12);
        ss1 = BitOperations.RotateLeft(a12 + e + 0xD8A7A879u, 7);
        d = d + (W(ref w, 52) ^ W(ref w, 56)) + ((a & b) | (c & (a | b))) + (ss1 ^ a12);
        h = h + W(ref w, 52) + (g ^ (e & (f ^ g))) + ss1;
        h = P0(h);
        b = BitOperations.RotateLeft(b, 9);
        f = BitOperations.RotateLeft(f, 19);
        // round 53
        W(ref w, 57) = P1(W(ref w, 41) ^ W(ref w, 48) ^ BitOperations.RotateLeft(W(ref w, 54), 15)) ^ BitOperations.RotateLeft(W(ref w, 44), 7) ^ W(ref w, 51);
        a12 = BitOperations.RotateLeft(d, 12);
        ss1 = BitOperations.RotateLeft(a12 + h + 0xB14F50F3u, 7);
        c = c + (W(ref w, 53) ^ W(ref w, 57)) + ((d & a) | (b & (d | a))) + (ss1 ^ a12);
        g = g + W(ref w, 53) + (f ^ (h & (e ^ f))) + ss1;
        g = P0(g);
        a = BitOperations.RotateLeft(a, 9);
        e = BitOperations.RotateLeft(e, 19);
        // round 54
        W(ref w, 58) = P1(W(ref w, 42) ^ W(ref w, 49) ^ BitOperations.RotateLeft(W(ref w, 55), 15)) ^ BitOperations.RotateLeft(W(ref w, 45), 7) ^ W(ref w, 52);
        a12 = BitOperations.RotateLeft(c, 12);
        ss1 = BitOperations.RotateLeft(a12 + g + 0x629EA1E7u, 7);
        b = b + (W(ref w, 54) ^ W(ref w, 58)) + ((c & d) | (a & (c | d))) + (ss1 ^ a12);
        f = f + W(ref w, 54) + (e ^ (g & (h ^ e))) + ss1;
        f = P0(f);
        d = BitOperations.RotateLeft(d, 9);
        h = BitOperations.RotateLeft(h, 19);
        // round 55
        W(ref w, 59) = P1(W(ref w, 43) ^ W(ref w, 50) ^ BitOperations.RotateLeft(W(ref w, 56), 15)) ^ BitOperations.RotateLeft(W(ref w, 46), 7) ^ W(ref w, 53);
        a12 = BitOperations.RotateLeft(b, 12);
        ss1 = BitOperations.RotateLeft(a12 + f + 0xC53D43CEu, 7);
        a = a + (W(ref w, 55) ^ W(ref w, 59)) + ((b & c) | (d & (b | c))) + (ss1 ^ a12);
        e = e + W(ref w, 55) + (h ^ (f & (g ^ h))) + ss1;
        e = P0(e);
        c = BitOperations.RotateLeft(c, 9);
        g = BitOperations.RotateLeft(g, 19);
        // round 56
        W(ref w, 60) = P1(W(ref w, 44) ^ W(ref w, 51) ^ BitOperations.RotateLeft(W(ref w, 57), 15)) ^ BitOperations.RotateLeft(W(ref w, 47), 7) ^ W(ref w, 54);
        a12 = BitOperations.RotateLeft(a, 12);
        ss1 = BitOperations.RotateLeft(a12 + e + 0x8A7A879Du, 7);
        d = d + (W(ref w, 56) ^ W(ref w, 60)) + ((a & b) | (c & (a | b))) + (ss1 ^ a12);
        h = h + W(ref w, 56) + (g ^ (e & (f ^ g))) + ss1;
        h = P0(h);
        b = BitOperations.RotateLeft(b, 9);
        f = BitOperations.RotateLeft(f, 19);
        // round 57
        W(ref w, 61) = P1(W(ref w, 45) ^ W(ref w, 52) ^ BitOperations.RotateLeft(W(ref w, 58), 15)) ^ BitOperations.RotateLeft(W(ref w, 48), 7) ^ W(ref w, 55);
        a12 = BitOperations.RotateLeft(d, 12);
        ss1 = BitOperations.RotateLeft(a12 + h + 0x14F50F3Bu, 7);
        c = c + (W(ref w, 57) ^ W(ref w, 61)) + ((d & a) | (b & (d | a))) + (ss1 ^ a12);
        g = g + W(ref w, 57) + (f ^ (h & (e ^ f))) + ss1;
        g = P0(g);
        a = BitOperations.RotateLeft(a, 9);
        e = BitOperations.RotateLeft(e, 19);
        // round 58
        W(ref w, 62) = P1(W(ref w, 46) ^ W(ref w, 53) ^ BitOperations.RotateLeft(W(ref w, 59), 15)) ^ BitOperations.RotateLeft(W(ref w, 49), 7) ^ W(ref w, 56);
        a12 = BitOperations.RotateLeft(c, 12);
        ss1 = BitOperations.RotateLeft(a12 + g + 0x29EA1E76u, 7);
        b = b + (W(ref w, 58) ^ W(ref w, 62)) + ((c & d) | (a & (c | d))) + (ss1 ^ a12);
        f = f + W(ref w, 58) + (e ^ (g & (h ^ e))) + ss1;
        f = P0(f);
        d = BitOperations.RotateLeft(d, 9);
        h = BitOperations.RotateLeft(h, 19);
        // round 59
        W(ref w, 63) = P1(W(ref w, 47) ^ W(ref w, 54) ^ BitOperations.RotateLeft(W(ref w, 60), 15)) ^ BitOperations.RotateLeft(W(ref w, 50), 7) ^ W(ref w, 57);
        a12 = BitOperations.RotateLeft(b, 12);
        ss1 = BitOperations.RotateLeft(a12 + f + 0x53D43CECu, 7);
        a = a + (W(ref w, 59) ^ W(ref w, 63)) + ((b & c) | (d & (b | c))) + (ss1 ^ a12);
        e = e + W(ref w, 59) + (h ^ (f & (g ^ h))) + ss1;
        e = P0(e);
        c = BitOperations.RotateLeft(c, 9);
        g = BitOperations.RotateLeft(g, 19);
        // round 60
        W(ref w, 64) = P1(W(ref w, 48) ^ W(ref w, 55) ^ BitOperations.RotateLeft(W(ref w, 61), 15)) ^ BitOperations.RotateLeft(W(ref w, 51), 7) ^ W(ref w, 58);
        a12 = BitOperations.RotateLeft(a, 12);
        ss1 = BitOperations.RotateLeft(a12 + e + 0xA7A879D8u, 7);
        d = d + (W(ref w, 60) ^ W(ref w, 64)) + ((a & b) | (c & (a | b))) + (ss1 ^ a12);
        h = h + W(ref w, 60) + (g ^ (e & (f ^ g))) + ss1;
        h = P0(h);
        b = BitOperations.RotateLeft(b, 9);
        f = BitOperations.RotateLeft(f, 19);
        // round 61
        W(ref w, 65) = P1(W(ref w, 49) ^ W(ref w, 56) ^ BitOperations.RotateLeft(W(ref w, 62), 15)) ^ BitOperations.RotateLeft(W(ref w, 52), 7) ^ W(ref w, 59);
        a12 = BitOperations.RotateLeft(d, 12);
        ss1 = BitOperations.RotateLeft(a12 + h + 0x4F50F3B1u, 7);
        c = c + (W(ref w, 61) ^ W(ref w, 65)) + ((d & a) | (b & (d | a))) + (ss1 ^ a12);
        g = g + W(ref w, 61) + (f ^ (h & (e ^ f))) + ss1;
        g = P0(g);
        a = BitOperations.RotateLeft(a, 9);
        e = BitOperations.RotateLeft(e, 19);
        // round 62
        W(ref w, 66) = P1(W(ref w, 50) ^ W(ref w, 57) ^ BitOperations.RotateLeft(W(ref w, 63), 15)) ^ BitOperations.RotateLeft(W(ref w, 53), 7) ^ W(ref w, 60);
        a12 = BitOperations.RotateLeft(c, 12);
        ss1 = BitOperations.RotateLeft(a12 + g + 0x9EA1E762u, 7);
        b = b + (W(ref w, 62) ^ W(ref w, 66)) + ((c & d) | (a & (c | d))) + (ss1 ^ a12);
        f = f + W(ref w, 62) + (e ^ (g & (h ^ e))) + ss1;
        f = P0(f);
        d = BitOperations.RotateLeft(d, 9);
        h = BitOperations.RotateLeft(h, 19);
        // round 63
        W(ref w, 67) = P1(W(ref w, 51) ^ W(ref w, 58) ^ BitOperations.RotateLeft(W(ref w, 64), 15)) ^ BitOperations.RotateLeft(W(ref w, 54), 7) ^ W(ref w, 61);
        a12 = BitOperations.RotateLeft(b, 12);
        ss1 = BitOperations.RotateLeft(a12 + f + 0x3D43CEC5u, 7);
        a = a + (W(ref w, 63) ^ W(ref w, 67)) + ((b & c) | (d & (b | c))) + (ss1 ^ a12);
        e = e + W(ref w, 63) + (h ^ (f & (g ^ h))) + ss1;
        e = P0(e);
        c = BitOperations.RotateLeft(c, 9);
        g = BitOperations.RotateLeft(g, 19);

        v ^= a;
        W(ref v, 1) ^= b;
        W(ref v, 2) ^= c;
        W(ref v, 3) ^= d;
        W(ref v, 4) ^= e;
        W(ref v, 5) ^= f;
        W(ref v, 6) ^= g;
        W(ref v, 7) ^= h;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ref uint W(ref uint w, int i) => ref Unsafe.Add(ref w, i);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint P0(uint x) => x ^ BitOperations.RotateLeft(x, 9) ^ BitOperations.RotateLeft(x, 17);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint P1(uint x) => x ^ BitOperations.RotateLeft(x, 15) ^ BitOperations.RotateLeft(x, 23);
}
