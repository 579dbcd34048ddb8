using System.Security.Cryptography;

namespace MaskingProxy.AuditLog.Crypto;

/// <summary>
/// The audit keys: the HMAC-SM3 key (record MACs), the SM2 signing key (checkpoints) and the SM2
/// public key (verification). The writer needs the first two; a verifier needs the public key and,
/// to check MACs, the HMAC key.
/// <para>
/// Sources, per key: a file path when one is configured, otherwise an environment variable,
/// otherwise absent. HMAC key text is hex (even length, only hex digits) or base64; at least 16
/// bytes (keys init writes 32). Signing key: PKCS#8 "PRIVATE KEY" (or SEC1 "EC PRIVATE KEY") PEM.
/// Public key: SubjectPublicKeyInfo "PUBLIC KEY" PEM; derived from the signing key when not given.
/// </para>
/// </summary>
public sealed class KeyMaterial
{
    /// <summary>Environment variable holding the HMAC key as hex or base64 text.</summary>
    public const string HmacKeyVariable = "MASKINGPROXY_AUDIT_HMAC_KEY";

    /// <summary>Environment variable holding the SM2 private key as PEM text.</summary>
    public const string SigningKeyVariable = "MASKINGPROXY_AUDIT_SIGNING_KEY";

    /// <summary>Environment variable holding the SM2 public key as PEM text.</summary>
    public const string PublicKeyVariable = "MASKINGPROXY_AUDIT_PUBLIC_KEY";

    /// <summary>Smallest HMAC key accepted, in bytes.</summary>
    public const int MinimumHmacKeyBytes = 16;

    private readonly byte[]? _hmacKey;

    /// <summary>Creates key material from already-loaded keys; a given public key must match the signing key.</summary>
    public KeyMaterial(ReadOnlySpan<byte> hmacKey, Sm2KeyPair? signingKey, Sm2PublicKey? publicKey = null, IReadOnlyList<string>? warnings = null)
    {
        if (!hmacKey.IsEmpty && hmacKey.Length < MinimumHmacKeyBytes)
        {
            throw new AuditKeyException($"HMAC key is {hmacKey.Length} bytes; at least {MinimumHmacKeyBytes} are required.");
        }

        if (signingKey is not null && publicKey is not null && !signingKey.PublicKey.EncodedPoint.AsSpan().SequenceEqual(publicKey.EncodedPoint))
        {
            throw new AuditKeyException("The SM2 public key does not belong to the SM2 signing key.");
        }

        _hmacKey = hmacKey.IsEmpty ? null : hmacKey.ToArray();
        SigningKey = signingKey;
        PublicKey = publicKey ?? signingKey?.PublicKey;
        Warnings = warnings ?? [];
    }

    /// <summary>The HMAC-SM3 key, or empty when absent.</summary>
    public ReadOnlySpan<byte> HmacKey => _hmacKey;

    /// <summary>True when an HMAC key is present.</summary>
    public bool HasHmacKey => _hmacKey is not null;

    /// <summary>The SM2 signing key, when present.</summary>
    public Sm2KeyPair? SigningKey { get; }

    /// <summary>The SM2 public key (given, or derived from the signing key).</summary>
    public Sm2PublicKey? PublicKey { get; }

    /// <summary>Non-fatal findings while loading, e.g. a private key file readable by group or others.</summary>
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>
    /// Loads keys from files (when a path is given) or from the environment variables
    /// <see cref="HmacKeyVariable"/>, <see cref="SigningKeyVariable"/>, <see cref="PublicKeyVariable"/>.
    /// </summary>
    /// <param name="environment">Environment lookup; defaults to the process environment.</param>
    public static KeyMaterial Load(string? hmacKeyFile, string? signingKeyFile, string? publicKeyFile = null, Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        var warnings = new List<string>();

        var hmacText = ReadSource(hmacKeyFile, HmacKeyVariable, environment, secret: true, warnings);
        var signingText = ReadSource(signingKeyFile, SigningKeyVariable, environment, secret: true, warnings);
        var publicText = ReadSource(publicKeyFile, PublicKeyVariable, environment, secret: false, warnings);

        var hmacKey = hmacText is null ? null : ParseHmacKey(hmacText);
        try
        {
            var signingKey = signingText is null ? null : Sm2KeyPair.FromPem(signingText);
            var publicKey = publicText is null ? null : Sm2PublicKey.FromPem(publicText);
            return new KeyMaterial(hmacKey, signingKey, publicKey, warnings);
        }
        finally
        {
            if (hmacKey is not null)
            {
                CryptographicOperations.ZeroMemory(hmacKey);
            }
        }
    }

    /// <summary>Parses HMAC key text: hex when it is only hex digits of even length, base64 otherwise.</summary>
    public static byte[] ParseHmacKey(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.Trim();
        byte[] key;
        try
        {
            key = trimmed.Length % 2 == 0 && trimmed.All(Uri.IsHexDigit)
                ? Convert.FromHexString(trimmed)
                : Convert.FromBase64String(trimmed);
        }
        catch (FormatException ex)
        {
            throw new AuditKeyException("HMAC key is neither hex nor base64.", ex);
        }

        if (key.Length < MinimumHmacKeyBytes)
        {
            throw new AuditKeyException($"HMAC key is {key.Length} bytes; at least {MinimumHmacKeyBytes} are required.");
        }

        return key;
    }

    /// <summary>Throws unless both the HMAC key and the signing key are present (what a writer needs).</summary>
    public void RequireWriterKeys()
    {
        if (!HasHmacKey)
        {
            throw new AuditKeyException($"No audit HMAC key: configure a key file or set {HmacKeyVariable}.");
        }

        if (SigningKey is null)
        {
            throw new AuditKeyException($"No audit signing key: configure a key file or set {SigningKeyVariable}.");
        }
    }

    private static string? ReadSource(string? path, string variable, Func<string, string?> environment, bool secret, List<string> warnings)
    {
        if (!string.IsNullOrEmpty(path))
        {
            try
            {
                if (secret && !OperatingSystem.IsWindows())
                {
                    var mode = File.GetUnixFileMode(path);
                    if ((mode & (UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.OtherRead | UnixFileMode.OtherWrite)) != 0)
                    {
                        warnings.Add($"{path} is accessible by group or others; expected owner-only (0600).");
                    }
                }

                return File.ReadAllText(path);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new AuditKeyException($"Cannot read key file {path}: {ex.Message}", ex);
            }
        }

        var value = environment(variable);
        return string.IsNullOrWhiteSpace(value) ? null : value;
    }
}
