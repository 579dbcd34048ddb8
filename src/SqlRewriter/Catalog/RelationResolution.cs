namespace MaskingProxy.SqlRewriter.Catalog;

/// <summary>The result of resolving a (possibly unqualified) relation name.</summary>
/// <param name="Kind">What the name resolved to.</param>
/// <param name="Relation">The snapshot relation for <see cref="RelationResolutionKind.Catalog"/>.</param>
/// <param name="Schema">The schema the name resolved in (for system and temporary relations: pg_catalog / pg_temp).</param>
/// <param name="CandidateSchemas">For <see cref="RelationResolutionKind.NotFound"/>: the schemas the server would search.</param>
public sealed record RelationResolution(RelationResolutionKind Kind, CatalogRelation? Relation, string? Schema, IReadOnlyList<string> CandidateSchemas);
