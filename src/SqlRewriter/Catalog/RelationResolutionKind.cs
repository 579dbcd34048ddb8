namespace MaskingProxy.SqlRewriter.Catalog;

/// <summary>What a relation name resolved to.</summary>
public enum RelationResolutionKind
{
    /// <summary>A relation of the snapshot (<see cref="RelationResolution.Relation"/>).</summary>
    Catalog,

    /// <summary>A system relation in pg_catalog (or any relation of information_schema).</summary>
    System,

    /// <summary>A temporary relation the session is known to have created.</summary>
    Temporary,

    /// <summary>Nothing the snapshot knows: a stale snapshot, another session's object, or a name that does not exist.</summary>
    NotFound,
}
