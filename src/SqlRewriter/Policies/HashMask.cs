namespace MaskingProxy.SqlRewriter.Policies;

/// <summary>
/// <c>hash: sm3, key_env: VAR, length: n</c>: deterministic keyed pseudonym (HMAC-SM3, lowercase hex,
/// first <paramref name="Length"/> characters). Joinable across tables, irreversible without the key.
/// </summary>
/// <param name="Algorithm">Keyed hash.</param>
/// <param name="KeyEnvironmentVariable">Environment variable holding the key.</param>
/// <param name="Length">Hex characters kept, 1..64 (default 64).</param>
public sealed record HashMask(HashAlgorithmKind Algorithm, string KeyEnvironmentVariable, int Length) : MaskSpec
{
    /// <summary>Hex length of a full HMAC-SM3.</summary>
    public const int MaxLength = 64;

    /// <inheritdoc />
    public override string TypeName => "hash";
}
