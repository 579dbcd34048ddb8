using MaskingProxy.SqlRewriter.Catalog;

namespace MaskingProxy.SqlRewriter.Postgres.Rewriting;

/// <summary>What a relation exposes to one subject class: which columns are covered and how.</summary>
internal sealed class RelationCoverage
{
    public RelationCoverage(CatalogRelation relation, CoveredColumn?[] columns, bool readsCovered, string? unsafeReason = null, string? unsafeRuleId = null)
    {
        Relation = relation;
        Columns = columns;
        HasCovered = Array.Exists(columns, c => c is not null);
        ReadsCovered = readsCovered || HasCovered;
        UnsafeReason = unsafeReason;
        UnsafeRuleId = unsafeRuleId;
    }

    public CatalogRelation Relation { get; }

    /// <summary>Per relation column (attribute order): the mask, or null when the column is shown as is.</summary>
    public IReadOnlyList<CoveredColumn?> Columns { get; }

    /// <summary>At least one output column is masked: references are replaced by a masking subquery.</summary>
    public bool HasCovered { get; }

    /// <summary>
    /// The relation's rows depend on covered data (a covered column, or a view whose definition reads one,
    /// even only in a predicate). Function bodies reading such a relation are refused.
    /// </summary>
    public bool ReadsCovered { get; }

    /// <summary>Why the relation cannot be masked (a view column computed from a covered column), or null.</summary>
    public string? UnsafeReason { get; }

    public string? UnsafeRuleId { get; }

    public bool HasHash => Columns.Any(c => c is { IsHash: true });

    /// <summary>Every covered column is hash-masked: the substitute would output every column unchanged.</summary>
    public bool OnlyHash => HasCovered && Columns.All(c => c is null || c.IsHash);
}
