namespace MaskingProxy.SqlRewriter.Postgres.Interop;

/// <summary>
/// libpg_query's statement fingerprint: equal for statements that differ only in literal values,
/// whitespace, comments and similar. Useful as a rewrite-cache key component, never as a security
/// decision on its own.
/// </summary>
/// <param name="Value">The 64-bit fingerprint.</param>
/// <param name="Hex">The fingerprint as libpg_query formats it (16 lowercase hex digits).</param>
public readonly record struct PgFingerprint(ulong Value, string Hex);
