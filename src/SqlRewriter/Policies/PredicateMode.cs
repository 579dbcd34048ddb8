namespace MaskingProxy.SqlRewriter.Policies;

/// <summary>What WHERE/JOIN/GROUP BY/ORDER BY/HAVING see of a masked column (<c>predicates</c>).</summary>
public enum PredicateMode
{
    /// <summary>The masked value (closes inference). Default.</summary>
    Mask,

    /// <summary>The raw value (lookups by key work; inference possible).</summary>
    Allow,

    /// <summary>Using the column in a predicate denies the statement.</summary>
    Deny,
}
