using System.Security.Cryptography;

namespace MaskingProxy.Crypto;

/// <summary>
/// HMAC-SM3 (GM/T 0042-2015, RFC 2104 over SM3 with a 64-byte block) with a fixed key. The SM3
/// states after the keyed inner (K ⊕ ipad) and outer (K ⊕ opad) blocks are computed once, so a MAC
/// of a 32-byte chain hash costs two compressions. Not thread-safe.
/// </summary>
public sealed class HmacSm3
{
    /// <summary>MAC size in bytes.</summary>
    public const int MacSize = 32;

    private readonly Sm3Hasher _sm3 = new();
    private readonly uint[] _inner = new uint[8];
    private readonly uint[] _outer = new uint[8];
    private readonly byte[] _innerHash = new byte[Sm3.HashSize];

    /// <summary>Creates an HMAC-SM3 instance keyed with <paramref name="key"/> (any length, 32 bytes recommended).</summary>
    public HmacSm3(ReadOnlySpan<byte> key)
    {
        if (key.IsEmpty)
        {
            throw new ArgumentException("HMAC key must not be empty.", nameof(key));
        }

        Span<byte> block = stackalloc byte[Sm3Compression.BlockSize];
        block.Clear();
        if (key.Length > Sm3Compression.BlockSize)
        {
            _sm3.Append(key);
            _sm3.Finish(block);
        }
        else
        {
            key.CopyTo(block);
        }

        Keyed(block, 0x36, _inner);
        Keyed(block, 0x36 ^ 0x5C, _outer); // block already holds K ⊕ ipad
        CryptographicOperations.ZeroMemory(block);
    }

    /// <summary>HMAC-SM3 of <paramref name="message"/>, written into <paramref name="destination"/> (32 bytes).</summary>
    public void Compute(ReadOnlySpan<byte> message, Span<byte> destination)
    {
        if (destination.Length < MacSize)
        {
            throw new ArgumentException("Destination must hold 32 bytes.", nameof(destination));
        }

        _sm3.ImportState(_inner, Sm3Compression.BlockSize);
        _sm3.Append(message);
        _sm3.Finish(_innerHash);
        _sm3.ImportState(_outer, Sm3Compression.BlockSize);
        _sm3.Append(_innerHash);
        _sm3.Finish(destination);
    }

    /// <summary>HMAC-SM3 of <paramref name="message"/>.</summary>
    public byte[] Compute(ReadOnlySpan<byte> message)
    {
        var result = new byte[MacSize];
        Compute(message, result.AsSpan());
        return result;
    }

    /// <summary>One-shot HMAC-SM3.</summary>
    public static byte[] Mac(ReadOnlySpan<byte> key, ReadOnlySpan<byte> message) => new HmacSm3(key).Compute(message);

    /// <summary>XORs <paramref name="pad"/> into the block and stores the SM3 state after compressing it.</summary>
    private void Keyed(Span<byte> block, byte pad, uint[] state)
    {
        for (var i = 0; i < block.Length; i++)
        {
            block[i] ^= pad;
        }

        _sm3.Reset();
        _sm3.Append(block);
        _sm3.ExportState(state, out _);
        _sm3.Reset();
    }
}
