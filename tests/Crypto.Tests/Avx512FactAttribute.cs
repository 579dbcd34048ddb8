namespace MaskingProxy.Crypto.Tests;

/// <summary>A fact about the AVX-512 code path, reported as skipped on CPUs without AVX-512.</summary>
public sealed class Avx512FactAttribute : FactAttribute
{
    public Avx512FactAttribute()
    {
        if (!Sm3Lanes.Avx512Supported)
        {
            Skip = "this CPU has no AVX-512: the 16-lane SM3 path cannot run here";
        }
    }
}
