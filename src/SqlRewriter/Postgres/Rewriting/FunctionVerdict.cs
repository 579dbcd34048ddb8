using MaskingProxy.SqlRewriter.Rewriting;

namespace MaskingProxy.SqlRewriter.Postgres.Rewriting;

/// <summary>What calling a user-defined function can do, as far as the masking guarantee is concerned.</summary>
/// <param name="Kind">Null when calling it is safe; otherwise the category of the denial.</param>
/// <param name="Reason">Why (names the function and what its body does).</param>
/// <param name="RuleId">The rule of the covered column involved, if any.</param>
/// <param name="Opaque">The body cannot be read (C, internal): safe on masked values, refused on whole rows.</param>
internal sealed record FunctionVerdict(DenialKind? Kind, string? Reason, string? RuleId, bool Opaque = false)
{
    public static FunctionVerdict Safe { get; } = new(null, null, null);

    public static FunctionVerdict OpaqueBody { get; } = new(null, null, null, Opaque: true);

    public bool IsSafe => Kind is null;
}
