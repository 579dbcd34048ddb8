using MaskingProxy.SqlRewriter.Catalog;
using MaskingProxy.SqlRewriter.Policies;

namespace MaskingProxy.SqlRewriter.Masks;

/// <summary>
/// <c>email</c> → first character of the local part, <c>***</c>, then <c>@</c> and the domain
/// (<c>zhangsan@example.com</c> → <c>z***@example.com</c>).
/// </summary>
/// <remarks>
/// The star count is fixed so the local part's length is not revealed. Fail-safe: anything that is not
/// exactly <c>local@domain</c> with a local part of at least two characters (one '@', both sides
/// non-empty) becomes stars of the value's length; a one-character local part would be shown whole.
/// When the declared type is shorter than the masked text (e.g. <c>varchar(10)</c>), the cast back
/// truncates, which only hides more.
/// </remarks>
public static class EmailMaskSql
{
    /// <summary>Builds the expression.</summary>
    public static string Build(string column, PgColumnType type)
    {
        ArgumentNullException.ThrowIfNull(type);
        string x = MaskSqlBuilder.Wrap(column);
        return MaskSqlBuilder.CastTo(
            $"CASE WHEN {x} IS NULL THEN NULL " +
            $"WHEN {x} ~ '^[^@]{{2,}}@[^@]+$' THEN left({x}, 1) || '***' || substr({x}, strpos({x}, '@')) " +
            $"ELSE repeat('*', char_length({x})) END",
            type);
    }
}
