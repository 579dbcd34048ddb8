using Org.BouncyCastle.Security;

namespace MaskingProxy.AuditLog.Tests.Support;

/// <summary>
/// A SecureRandom that always yields the same 32 bytes. BouncyCastle's RandomDsaKCalculator draws
/// k as a 256-bit BigInteger from NextBytes, so this pins k for known-answer SM2 signatures.
/// </summary>
internal sealed class FixedKRandom(byte[] k) : SecureRandom
{
    public override void NextBytes(byte[] buf) => NextBytes(buf, 0, buf.Length);

    public override void NextBytes(byte[] buf, int off, int len)
    {
        Assert.Equal(k.Length, len);
        Array.Copy(k, 0, buf, off, len);
    }
}
