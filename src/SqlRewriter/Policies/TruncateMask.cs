namespace MaskingProxy.SqlRewriter.Policies;

/// <summary><c>truncate: unit</c>: <c>date_trunc</c> to the unit (<c>1990-03-07 → 1990-01-01</c> for year).</summary>
/// <param name="Unit">Precision kept.</param>
public sealed record TruncateMask(TruncateUnit Unit) : MaskSpec
{
    /// <inheritdoc />
    public override string TypeName => "truncate";
}
