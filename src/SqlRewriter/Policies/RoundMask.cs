namespace MaskingProxy.SqlRewriter.Policies;

/// <summary><c>round: n</c>: round to a multiple of <paramref name="Step"/> (<c>12345.67 → 12000</c> for 1000).</summary>
/// <param name="Step">Positive step.</param>
public sealed record RoundMask(decimal Step) : MaskSpec
{
    /// <inheritdoc />
    public override string TypeName => "round";
}
