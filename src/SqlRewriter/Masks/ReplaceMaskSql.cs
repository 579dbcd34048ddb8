using MaskingProxy.SqlRewriter.Catalog;
using MaskingProxy.SqlRewriter.Policies;

namespace MaskingProxy.SqlRewriter.Masks;

/// <summary><c>replace: "text"</c> → the constant for every non-NULL value (quoted by <see cref="SqlLiteral"/>).</summary>
/// <remarks>For <c>varchar(n)</c>/<c>char(n)</c> shorter than the text, the explicit cast truncates.</remarks>
public static class ReplaceMaskSql
{
    /// <summary>Builds the expression.</summary>
    public static string Build(ReplaceMask mask, string column, PgColumnType type)
    {
        ArgumentNullException.ThrowIfNull(mask);
        ArgumentNullException.ThrowIfNull(type);
        string x = MaskSqlBuilder.Wrap(column);
        return MaskSqlBuilder.CastTo($"CASE WHEN {x} IS NULL THEN NULL ELSE {SqlLiteral.Quote(mask.Text)} END", type);
    }
}
