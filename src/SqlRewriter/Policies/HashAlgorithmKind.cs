namespace MaskingProxy.SqlRewriter.Policies;

/// <summary>Keyed hash used by a <see cref="HashMask"/>.</summary>
public enum HashAlgorithmKind
{
    /// <summary>HMAC-SM3.</summary>
    Sm3,
}
