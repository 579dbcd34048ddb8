using MaskingProxy.AuditLog.Crypto;

namespace MaskingProxy.AuditLog.Tests.Support;

/// <summary>The stated test keys used by tests and by the vectors in docs/audit-format.md.</summary>
internal static class TestKeys
{
    /// <summary>HMAC key: bytes 0x01..0x20 (the GM/T 0042 vector key).</summary>
    public static readonly byte[] Hmac = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();

    /// <summary>SM2 private scalar: BouncyCastle's SM2 test vector d.</summary>
    public const string SigningScalarHex = "110E7973206F68C19EE5F7328C036F26911C8C73B4E4F36AE3291097F8984FFC";

    public static readonly Sm2KeyPair Signing = Sm2KeyPair.FromPrivateScalar(Convert.FromHexString(SigningScalarHex));

    public static KeyMaterial Material => new(Hmac, Signing);

    public static KeyMaterial PublicOnly => new(default, null, Signing.PublicKey);
}
