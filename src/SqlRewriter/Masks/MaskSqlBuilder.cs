using MaskingProxy.SqlRewriter.Catalog;
using MaskingProxy.SqlRewriter.Policies;

namespace MaskingProxy.SqlRewriter.Masks;

/// <summary>
/// Builds the PostgreSQL expression that replaces a covered column in a rewritten statement.
/// </summary>
/// <remarks>
/// <para>Every expression ends in <c>CAST(... AS declared type)</c>, so the masked column keeps its SQL
/// type (drivers see the same type OID and typmod); the rewriter keeps the output name with an alias.</para>
/// <para>The column expression is wrapped in parentheses and may be evaluated several times, so it must be
/// free of side effects (a column reference, as produced by the rewriter).</para>
/// <para><see cref="HashMask"/> has no SQL form (PostgreSQL has no built-in SM3 and the key must not
/// appear in statement text): use <see cref="HmacSm3Pseudonym"/> on result values instead, and check
/// <see cref="RequiresValueTransform"/> first.</para>
/// </remarks>
public static class MaskSqlBuilder
{
    /// <summary>True for masks applied by the proxy to result values rather than by SQL.</summary>
    public static bool RequiresValueTransform(MaskSpec mask) => mask is HashMask;

    /// <summary>Builds the masking expression for <paramref name="column"/> of type <paramref name="declaredType"/>.</summary>
    /// <param name="mask">The rule's mask.</param>
    /// <param name="column">SQL text of the column expression, e.g. <c>p.phone</c>.</param>
    /// <param name="declaredType">The declared type as <c>format_type</c> prints it, e.g. <c>character varying(20)</c>.</param>
    /// <exception cref="ArgumentException">The type text is not a valid type name, or the mask does not fit it.</exception>
    /// <exception cref="NotSupportedException">The mask is a <see cref="HashMask"/>.</exception>
    public static string Build(MaskSpec mask, string column, string declaredType)
    {
        ArgumentNullException.ThrowIfNull(mask);
        ArgumentNullException.ThrowIfNull(declaredType);
        return Build(mask, column, PgColumnType.Parse(declaredType));
    }

    /// <summary>Builds the masking expression for an already validated type.</summary>
    /// <exception cref="ArgumentException">The mask does not fit the type.</exception>
    /// <exception cref="NotSupportedException">The mask is a <see cref="HashMask"/>.</exception>
    public static string Build(MaskSpec mask, string column, PgColumnType type)
    {
        ArgumentNullException.ThrowIfNull(mask);
        ArgumentNullException.ThrowIfNull(type);

        // Refuse a mask that does not fit: e.g. keep on a date would fail in the database at best, and a
        // no-op mask (truncate: day on a date) would return the value unchanged.
        string? problem = MaskCompatibility.Check(mask, type);
        if (problem is not null)
        {
            throw new ArgumentException($"{problem} (type '{type.Text}')", nameof(mask));
        }

        return mask switch
        {
            KeepMask keep => KeepMaskSql.Build(keep, column, type),
            EmailMask => EmailMaskSql.Build(column, type),
            ReplaceMask replace => ReplaceMaskSql.Build(replace, column, type),
            TruncateMask truncate => TruncateMaskSql.Build(truncate, column, type),
            RoundMask round => RoundMaskSql.Build(round, column, type),
            NullMask => NullMaskSql.Build(type),
            HashMask => throw new NotSupportedException("hash masks are applied to result values with HmacSm3Pseudonym, not in SQL"),
            _ => throw new NotSupportedException($"unknown mask type {mask.GetType().Name}"),
        };
    }

    internal static string Wrap(string column)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(column);
        return "(" + column + ")";
    }

    internal static string CastTo(string expression, PgColumnType type) => $"CAST({expression} AS {type.Text})";
}
