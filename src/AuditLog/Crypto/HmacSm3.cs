using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Macs;
using Org.BouncyCastle.Crypto.Parameters;

namespace MaskingProxy.AuditLog.Crypto;

/// <summary>
/// HMAC-SM3 (GM/T 0042-2015) with a fixed key. BouncyCastle's <see cref="HMac"/> keeps the keyed
/// inner/outer states and restores them after each DoFinal, so one instance computes many MACs
/// cheaply. Not thread-safe.
/// </summary>
public sealed class HmacSm3
{
    /// <summary>MAC size in bytes.</summary>
    public const int MacSize = 32;

    private readonly HMac _mac;
    private readonly byte[] _scratch = new byte[256];

    /// <summary>Creates an HMAC-SM3 instance keyed with <paramref name="key"/> (any length, 32 bytes recommended).</summary>
    public HmacSm3(ReadOnlySpan<byte> key)
    {
        if (key.IsEmpty)
        {
            throw new ArgumentException("HMAC key must not be empty.", nameof(key));
        }

        _mac = new HMac(new SM3Digest());
        _mac.Init(new KeyParameter(key.ToArray()));
    }

    /// <summary>HMAC-SM3 of <paramref name="message"/>, written into <paramref name="destination"/> (32 bytes).</summary>
    public void Compute(ReadOnlySpan<byte> message, Span<byte> destination)
    {
        if (destination.Length < MacSize)
        {
            throw new ArgumentException("Destination must hold 32 bytes.", nameof(destination));
        }

        while (!message.IsEmpty)
        {
            var n = Math.Min(message.Length, _scratch.Length);
            message[..n].CopyTo(_scratch);
            _mac.BlockUpdate(_scratch, 0, n);
            message = message[n..];
        }

        _mac.DoFinal(_scratch, 0);
        _scratch.AsSpan(0, MacSize).CopyTo(destination);
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
}
