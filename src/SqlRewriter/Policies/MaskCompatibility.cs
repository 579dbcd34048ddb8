using System.Globalization;
using MaskingProxy.SqlRewriter.Catalog;

namespace MaskingProxy.SqlRewriter.Policies;

/// <summary>
/// SPEC §3 type rules: keep, email, replace and hash need character types; truncate needs date or
/// timestamp; round needs numeric or integer types; null fits anything. Additionally flags masks that
/// would silently do nothing (e.g. <c>truncate: day</c> on a <c>date</c>), since a no-op mask is a leak.
/// </summary>
public static class MaskCompatibility
{
    /// <summary>Returns why <paramref name="mask"/> does not fit <paramref name="typeName"/>, or null if it fits.</summary>
    public static string? Check(MaskSpec mask, string typeName)
    {
        ArgumentNullException.ThrowIfNull(mask);
        ArgumentNullException.ThrowIfNull(typeName);
        if (mask is NullMask)
        {
            return null;
        }

        if (!PgColumnType.TryParse(typeName, out PgColumnType? type, out string? error))
        {
            return $"mask '{mask.TypeName}' cannot be checked against type '{typeName}': {error}";
        }

        return Check(mask, type);
    }

    /// <summary>Returns why <paramref name="mask"/> does not fit <paramref name="type"/>, or null if it fits.</summary>
    public static string? Check(MaskSpec mask, PgColumnType type)
    {
        ArgumentNullException.ThrowIfNull(mask);
        ArgumentNullException.ThrowIfNull(type);
        PgTypeCategory category = type.Category;
        switch (mask)
        {
            case NullMask:
                return null;

            case KeepMask or EmailMask or ReplaceMask or HashMask:
                return category == PgTypeCategory.Character ? null : $"mask '{mask.TypeName}' needs a character column";

            case TruncateMask truncate:
                if (category is not (PgTypeCategory.Date or PgTypeCategory.Timestamp or PgTypeCategory.TimestampTz))
                {
                    return $"mask 'truncate' needs a date or timestamp column";
                }

                return category == PgTypeCategory.Date && truncate.Unit is TruncateUnit.Day or TruncateUnit.Hour or TruncateUnit.Minute
                    ? $"'truncate: {truncate.Unit.ToString().ToLowerInvariant()}' does nothing on a date column (use year or month)"
                    : null;

            case RoundMask round:
                if (category is not (PgTypeCategory.Integer or PgTypeCategory.Numeric))
                {
                    return "mask 'round' needs a numeric or integer column";
                }

                if (category == PgTypeCategory.Integer && round.Step <= 1)
                {
                    return $"'round: {round.Step.ToString(CultureInfo.InvariantCulture)}' does nothing on an integer column (use a step above 1)";
                }

                // numeric(p, s) stores s decimals: a step below 10^-s leaves values unchanged.
                if (type.BaseName is "numeric" or "decimal" && type.Modifiers.Count == 2 && type.Modifiers[1] is >= 0 and < 28
                    && round.Step < Pow10(-type.Modifiers[1]))
                {
                    return $"'round: {round.Step.ToString(CultureInfo.InvariantCulture)}' is finer than the column's {type.Modifiers[1]} decimals and does nothing";
                }

                return null;

            default:
                return $"unknown mask '{mask.TypeName}'";
        }
    }

    private static decimal Pow10(int exponent)
    {
        decimal result = 1m;
        for (int i = 0; i < -exponent; i++)
        {
            result /= 10m;
        }

        return result;
    }
}
