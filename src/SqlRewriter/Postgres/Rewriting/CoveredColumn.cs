using MaskingProxy.SqlRewriter.Policies;

namespace MaskingProxy.SqlRewriter.Postgres.Rewriting;

/// <summary>How one column of a relation is masked for the subject.</summary>
/// <param name="Column">The relation's column name (what the substitute subquery outputs).</param>
/// <param name="TypeName">The relation column's declared type (what the mask casts back to).</param>
/// <param name="Source">The covered column the value comes from (for a view: the base table column) and its rule.</param>
internal sealed record CoveredColumn(string Column, string TypeName, ColumnSource Source)
{
    public PolicyRule Rule => Source.Rule;

    public bool IsHash => Source.Rule.Mask is HashMask;
}
