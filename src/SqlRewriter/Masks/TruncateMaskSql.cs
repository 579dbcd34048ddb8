using MaskingProxy.SqlRewriter.Catalog;
using MaskingProxy.SqlRewriter.Policies;

namespace MaskingProxy.SqlRewriter.Masks;

/// <summary><c>truncate: unit</c> → <c>date_trunc</c>, cast back (<c>1990-03-07</c> → <c>1990-01-01</c> for year).</summary>
/// <remarks>
/// A <c>date</c> is first cast to <c>timestamp</c> (without time zone): left to itself, PostgreSQL would
/// pick <c>date_trunc(text, timestamptz)</c> and make the result depend on the session's TimeZone.
/// <c>timestamptz</c> values are truncated in the session's TimeZone, as PostgreSQL does.
/// NULL stays NULL because <c>date_trunc</c> is strict.
/// </remarks>
public static class TruncateMaskSql
{
    /// <summary>Builds the expression.</summary>
    public static string Build(TruncateMask mask, string column, PgColumnType type)
    {
        ArgumentNullException.ThrowIfNull(mask);
        ArgumentNullException.ThrowIfNull(type);
        string x = MaskSqlBuilder.Wrap(column);
        string field = mask.Unit switch
        {
            TruncateUnit.Year => "year",
            TruncateUnit.Month => "month",
            TruncateUnit.Day => "day",
            TruncateUnit.Hour => "hour",
            TruncateUnit.Minute => "minute",
            _ => throw new ArgumentOutOfRangeException(nameof(mask), mask.Unit, "unknown unit"),
        };

        string input = type.Category == PgTypeCategory.Date ? $"CAST({x} AS timestamp)" : x;
        return MaskSqlBuilder.CastTo($"date_trunc('{field}', {input})", type);
    }
}
