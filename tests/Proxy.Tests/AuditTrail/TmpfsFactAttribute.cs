using Xunit;

namespace MaskingProxy.Proxy.Tests.AuditTrail;

/// <summary>A fact that needs to mount a tmpfs; skipped, with the reason shown, where mounting is not permitted.</summary>
public sealed class TmpfsFactAttribute : FactAttribute
{
    public TmpfsFactAttribute()
    {
        if (TmpfsMount.Unavailable is { } reason)
        {
            Skip = reason;
        }
    }
}
