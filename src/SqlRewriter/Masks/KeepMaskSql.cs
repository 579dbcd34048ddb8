using System.Globalization;
using MaskingProxy.SqlRewriter.Catalog;
using MaskingProxy.SqlRewriter.Policies;

namespace MaskingProxy.SqlRewriter.Masks;

/// <summary>
/// <c>keep: { first: F, last: L }</c> → first F and last L characters, one <c>*</c> per hidden character.
/// </summary>
/// <remarks>
/// Uses <c>char_length</c>/<c>left</c>/<c>right</c>/<c>repeat</c>, which count characters in the database
/// encoding, never bytes (<c>张三丰</c> with first 1 gives <c>张**</c>). Fail-safe: a value with at most
/// F + L characters would be shown whole, so it becomes stars of the same length instead.
/// </remarks>
public static class KeepMaskSql
{
    /// <summary>Builds the expression.</summary>
    public static string Build(KeepMask mask, string column, PgColumnType type)
    {
        ArgumentNullException.ThrowIfNull(mask);
        ArgumentNullException.ThrowIfNull(type);
        ArgumentOutOfRangeException.ThrowIfNegative(mask.First);
        ArgumentOutOfRangeException.ThrowIfNegative(mask.Last);
        if (mask.First + mask.Last == 0)
        {
            throw new ArgumentException("keep must keep at least one character", nameof(mask));
        }

        string x = MaskSqlBuilder.Wrap(column);
        string kept = (mask.First + mask.Last).ToString(CultureInfo.InvariantCulture);
        string first = mask.First.ToString(CultureInfo.InvariantCulture);
        string last = mask.Last.ToString(CultureInfo.InvariantCulture);

        var visible = new List<string>(3);
        if (mask.First > 0)
        {
            visible.Add($"left({x}, {first})");
        }

        visible.Add($"repeat('*', char_length({x}) - {kept})");
        if (mask.Last > 0)
        {
            visible.Add($"right({x}, {last})");
        }

        return MaskSqlBuilder.CastTo(
            $"CASE WHEN {x} IS NULL THEN NULL " +
            $"WHEN char_length({x}) <= {kept} THEN repeat('*', char_length({x})) " +
            $"ELSE {string.Join(" || ", visible)} END",
            type);
    }
}
