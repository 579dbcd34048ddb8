using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Security;
using BcSm2Signer = Org.BouncyCastle.Crypto.Signers.SM2Signer;

namespace MaskingProxy.AuditLog.Crypto;

/// <summary>
/// SM2 signatures (GB/T 32918.2) with SM3 and a user ID (default "1234567812345678").
/// Signatures are DER SEQUENCE{INTEGER r, INTEGER s} (GM/T 0009, BouncyCastle's and OpenSSL's default).
/// <para>
/// Portable.BouncyCastle 1.8.10's SM2Signer does not restore its Z_A prefix after
/// GenerateSignature/VerifySignature, so a reused instance silently signs SM3(M) instead of
/// SM3(Z_A || M) from the second call on. This wrapper therefore builds and initialises a new
/// BouncyCastle signer for every call (the extra cost, one fixed-base multiplication, is
/// about 0.2 ms and checkpoints are rate-limited). Thread-safe.
/// </para>
/// </summary>
public sealed class Sm2Signer
{
    private readonly Sm2KeyPair _key;
    private readonly byte[] _userId;

    /// <summary>Creates a signer for <paramref name="key"/>; an empty user ID means the default.</summary>
    public Sm2Signer(Sm2KeyPair key, ReadOnlySpan<byte> userId = default)
    {
        _key = key ?? throw new ArgumentNullException(nameof(key));
        _userId = UserIdOrDefault(userId);
    }

    /// <summary>The default SM2 user ID, ASCII "1234567812345678" (ENTL = 0x0080).</summary>
    public static ReadOnlySpan<byte> DefaultUserId => "1234567812345678"u8;

    /// <summary>The public key signatures verify against.</summary>
    public Sm2PublicKey PublicKey => _key.PublicKey;

    /// <summary>Signs <paramref name="message"/>; returns a DER signature (70–72 bytes).</summary>
    public byte[] Sign(ReadOnlySpan<byte> message) => Sign(message, RandomSource?.Invoke() ?? new SecureRandom());

    /// <summary>Source of k for every signature; null = a fresh CSPRNG. Tests and doc vectors pin k here.</summary>
    internal Func<SecureRandom>? RandomSource { get; init; }

    /// <summary>Signs with a caller-chosen randomness source (known-answer tests inject a fixed k).</summary>
    internal byte[] Sign(ReadOnlySpan<byte> message, SecureRandom random)
    {
        var signer = new BcSm2Signer();
        signer.Init(true, new ParametersWithID(new ParametersWithRandom(_key.PrivateKey, random), _userId));
        var data = message.ToArray();
        signer.BlockUpdate(data, 0, data.Length);
        return signer.GenerateSignature();
    }

    internal static bool Verify(Sm2PublicKey key, ReadOnlySpan<byte> message, ReadOnlySpan<byte> derSignature, ReadOnlySpan<byte> userId)
    {
        var signer = new BcSm2Signer();
        signer.Init(false, new ParametersWithID(key.Parameters, UserIdOrDefault(userId)));
        var data = message.ToArray();
        signer.BlockUpdate(data, 0, data.Length);
        try
        {
            return signer.VerifySignature(derSignature.ToArray());
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or IOException or FormatException)
        {
            // Garbage that is not a DER SEQUENCE{r,s} is simply an invalid signature.
            return false;
        }
    }

    private static byte[] UserIdOrDefault(ReadOnlySpan<byte> userId)
        => userId.IsEmpty ? DefaultUserId.ToArray() : userId.ToArray();
}
