using MaskingProxy.SqlRewriter.Catalog;

namespace MaskingProxy.SqlRewriter.Masks;

/// <summary><c>null</c> → <c>CAST(NULL AS type)</c>; the column expression is not evaluated at all.</summary>
public static class NullMaskSql
{
    /// <summary>Builds the expression.</summary>
    public static string Build(PgColumnType type)
    {
        ArgumentNullException.ThrowIfNull(type);
        return MaskSqlBuilder.CastTo("NULL", type);
    }
}
