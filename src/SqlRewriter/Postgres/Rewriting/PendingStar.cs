namespace MaskingProxy.SqlRewriter.Postgres.Rewriting;

/// <summary>
/// A <c>*</c> or <c>t.*</c> seen in a result list. Whether it must be spelled out is only known at the end
/// of the statement (a later predicate may add hidden raw columns to a substituted relation).
/// </summary>
/// <param name="Start">Span of the star reference in the original text.</param>
/// <param name="End">End of the span.</param>
/// <param name="Items">The FROM items the star expands (in order).</param>
/// <param name="Qualified">True for <c>t.*</c> (then <paramref name="Items"/> has one element).</param>
internal sealed record PendingStar(int Start, int End, IReadOnlyList<RangeItem> Items, bool Qualified)
{
    /// <summary>Number of qualifier parts (0 for <c>*</c>, 1 for <c>t.*</c>, 2 for <c>s.t.*</c>).</summary>
    public int QualifierParts { get; init; }

    /// <summary>The clause the star is in (result list or RETURNING).</summary>
    public Clause Clause { get; init; }
}
