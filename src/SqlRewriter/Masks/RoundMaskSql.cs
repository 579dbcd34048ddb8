using MaskingProxy.SqlRewriter.Catalog;
using MaskingProxy.SqlRewriter.Policies;

namespace MaskingProxy.SqlRewriter.Masks;

/// <summary><c>round: n</c> → <c>round(x / n) * n</c> in <c>numeric</c>, cast back (<c>12345.67</c> → <c>12000</c> for 1000).</summary>
/// <remarks>
/// Computed in <c>numeric</c> so integer division and floating-point error cannot occur. A value near the
/// type's limit can round past it (e.g. <c>smallint</c> 32767 with step 1000 → 33000): the cast back then
/// raises "out of range" and the statement fails; the value is never returned unmasked. NULL stays NULL.
/// </remarks>
public static class RoundMaskSql
{
    /// <summary>Builds the expression.</summary>
    public static string Build(RoundMask mask, string column, PgColumnType type)
    {
        ArgumentNullException.ThrowIfNull(mask);
        ArgumentNullException.ThrowIfNull(type);
        if (mask.Step <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(mask), mask.Step, "round step must be positive");
        }

        string x = MaskSqlBuilder.Wrap(column);
        string step = SqlLiteral.Number(mask.Step);
        return MaskSqlBuilder.CastTo($"round(CAST({x} AS numeric) / {step}) * {step}", type);
    }
}
