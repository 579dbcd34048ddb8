namespace MaskingProxy.SqlRewriter.Postgres.Rewriting;

/// <summary>Where a column reference resolved.</summary>
/// <param name="Item">The FROM item (a join item for a USING/NATURAL merged column).</param>
/// <param name="Column">The column.</param>
/// <param name="Level">The query level of the item.</param>
/// <param name="Certain">False when a nearer level has items with unknown columns that might hold the name instead.</param>
internal sealed record ColumnMatch(RangeItem Item, ItemColumn Column, QueryLevel Level, bool Certain);
