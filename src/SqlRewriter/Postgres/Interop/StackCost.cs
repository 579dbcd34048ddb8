namespace MaskingProxy.SqlRewriter.Postgres.Interop;

/// <summary>
/// Conservative C-stack estimates for libpg_query calls (see <see cref="PgQueryLimits"/> for the
/// measurements). Roughly 1.4× the measured worst case, plus a fixed reserve.
/// </summary>
internal static class StackCost
{
    /// <summary>Fixed reserve for the non-recursive part of a call and for the managed frames around it.</summary>
    public const long Reserve = 64 * 1024;

    /// <summary>Stack per byte of SQL input (parse ≈ 180, normalize ≈ 195, JSON ≈ 65 measured).</summary>
    public const long PerSqlByte = 256;

    /// <summary>Stack per protobuf message level when deparsing (≈ 1 KiB measured).</summary>
    public const long PerDeparseLevel = 1536;

    /// <summary>Estimated need for a function that parses <paramref name="utf8Bytes"/> of SQL.</summary>
    public static long ForSql(int utf8Bytes) => Reserve + (utf8Bytes * PerSqlByte);

    /// <summary>Estimated need for deparsing a tree <paramref name="depth"/> messages deep.</summary>
    public static long ForDeparse(int depth) => Reserve + (depth * PerDeparseLevel);
}
