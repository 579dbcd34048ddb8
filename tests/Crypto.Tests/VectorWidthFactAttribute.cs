namespace MaskingProxy.Crypto.Tests;

/// <summary>A fact about one vector width of <see cref="Sm3Lanes"/>, reported as skipped on CPUs that lack it.</summary>
public sealed class VectorWidthFactAttribute : FactAttribute
{
    public VectorWidthFactAttribute(int vectorBits)
    {
        if (!Sm3Lanes.IsWidthSupported(vectorBits))
        {
            Skip = $"this CPU has no accelerated {vectorBits}-bit vectors: that multi-buffer SM3 path cannot run here";
        }
    }
}
