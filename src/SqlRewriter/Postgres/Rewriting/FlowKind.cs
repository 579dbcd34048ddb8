namespace MaskingProxy.SqlRewriter.Postgres.Rewriting;

/// <summary>What a value carries, as far as the masking guarantee is concerned.</summary>
internal enum FlowKind : byte
{
    /// <summary>No covered data.</summary>
    Clean,

    /// <summary>Masked in SQL (or computed only from masked values): safe in any position.</summary>
    Masked,

    /// <summary>
    /// The raw value of a hash-masked column (SQL cannot compute the pseudonym). May only reach the client
    /// as a plain result column, which the proxy transforms; anything else is a leak.
    /// </summary>
    HashRaw,

    /// <summary>
    /// A raw value made available to a predicate by <c>predicates: allow</c>. May only feed comparisons and
    /// error-free functions: an error message could otherwise print it.
    /// </summary>
    RawPredicate,

    /// <summary>
    /// A raw covered value in a place that runs unrewritten (a view definition being analysed). Bare, it is
    /// a pass-through the view reference can mask; inside an expression it makes the view unmaskable.
    /// </summary>
    RawUnmasked,

    /// <summary>Computed from raw covered values (view analysis only): cannot be masked.</summary>
    Derived,
}
