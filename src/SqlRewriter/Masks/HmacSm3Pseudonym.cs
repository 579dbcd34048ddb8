using System.Text;
using MaskingProxy.Crypto;
using MaskingProxy.SqlRewriter.Policies;

namespace MaskingProxy.SqlRewriter.Masks;

/// <summary>
/// The <c>hash</c> mask: a deterministic, keyed pseudonym. <c>hex(HMAC-SM3(key, UTF-8(value)))</c>,
/// lowercase, first <c>length</c> characters. Equal inputs give equal pseudonyms (joinable); without the
/// key a dictionary of likely values cannot be matched against them.
/// </summary>
/// <remarks>
/// The value is hashed as the text the database sends (text format), so <c>'P-0001'</c> hashes the same
/// from every table. The key is the UTF-8 bytes of the environment variable named by <c>key_env</c>; it must
/// be at least <see cref="MinimumKeyBytes"/> bytes. A missing or short key throws: the caller must then
/// deny the statement rather than return unmasked values.
/// </remarks>
public static class HmacSm3Pseudonym
{
    /// <summary>Shortest key accepted (128 bits).</summary>
    public const int MinimumKeyBytes = 16;

    /// <summary>Computes the pseudonym; NULL stays NULL.</summary>
    /// <param name="key">HMAC key (≥ 16 bytes).</param>
    /// <param name="value">The column value as text, or null.</param>
    /// <param name="length">Hex characters kept, 1..64.</param>
    public static string? Compute(ReadOnlySpan<byte> key, string? value, int length)
    {
        Validate(key, length);
        return value is null ? null : ComputeUtf8(key, Encoding.UTF8.GetBytes(value), length);
    }

    /// <summary>Computes the pseudonym of a value given as its UTF-8 bytes (a result cell as the database sent it).</summary>
    public static string ComputeUtf8(ReadOnlySpan<byte> key, ReadOnlySpan<byte> utf8Value, int length)
    {
        Validate(key, length);
        Span<byte> mac = stackalloc byte[HmacSm3.MacSize];
        new HmacSm3(key).Compute(utf8Value, mac);
        // Two hex digits per byte: encode only the bytes the pseudonym keeps.
        return Convert.ToHexStringLower(mac[..((length + 1) / 2)])[..length];
    }

    private static void Validate(ReadOnlySpan<byte> key, int length)
    {
        if (key.Length < MinimumKeyBytes)
        {
            throw new ArgumentException($"the pseudonym key must be at least {MinimumKeyBytes} bytes", nameof(key));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(length, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, HashMask.MaxLength);
    }

    /// <summary>Computes the pseudonym for a <see cref="HashMask"/> with an explicit key.</summary>
    public static string? Compute(HashMask mask, ReadOnlySpan<byte> key, string? value)
    {
        ArgumentNullException.ThrowIfNull(mask);
        return Compute(key, value, mask.Length);
    }

    /// <summary>Reads the key named by <paramref name="keyEnvironmentVariable"/>.</summary>
    /// <exception cref="InvalidOperationException">The variable is unset, empty, or shorter than 16 bytes.</exception>
    public static byte[] ReadKey(string keyEnvironmentVariable)
    {
        ArgumentException.ThrowIfNullOrEmpty(keyEnvironmentVariable);
        string? value = Environment.GetEnvironmentVariable(keyEnvironmentVariable);
        if (string.IsNullOrEmpty(value))
        {
            throw new InvalidOperationException($"environment variable {keyEnvironmentVariable} (hash mask key) is not set");
        }

        byte[] key = Encoding.UTF8.GetBytes(value);
        if (key.Length < MinimumKeyBytes)
        {
            throw new InvalidOperationException($"environment variable {keyEnvironmentVariable} holds a key shorter than {MinimumKeyBytes} bytes");
        }

        return key;
    }
}
