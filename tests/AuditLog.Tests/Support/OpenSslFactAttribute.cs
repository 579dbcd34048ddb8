namespace MaskingProxy.AuditLog.Tests.Support;

/// <summary>A fact that runs only where an `openssl` (3.x, with SM2/SM3) is on PATH: an independent implementation to cross-check against.</summary>
public sealed class OpenSslFactAttribute : FactAttribute
{
    public OpenSslFactAttribute()
    {
        if (!OpenSsl.Available)
        {
            Skip = "openssl 3 not found on PATH";
        }
    }
}
