namespace MaskingProxy.Crypto.Tests;

/// <summary>A fact about the AVX2 code path, reported as skipped on CPUs without AVX2.</summary>
public sealed class Avx2FactAttribute : FactAttribute
{
    public Avx2FactAttribute()
    {
        if (!Sm3Lanes.Avx2Supported)
        {
            Skip = "this CPU has no AVX2: the 8-lane SM3 path cannot run here";
        }
    }
}
