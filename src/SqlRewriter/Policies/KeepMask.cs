namespace MaskingProxy.SqlRewriter.Policies;

/// <summary>
/// <c>keep: { first: F, last: L }</c>: keep the first F and last L characters, replace the rest with
/// <c>*</c> (one per character). Values with at most F + L characters are masked entirely.
/// </summary>
/// <param name="First">Characters kept at the start (≥ 0).</param>
/// <param name="Last">Characters kept at the end (≥ 0). At least one of First and Last is positive.</param>
public sealed record KeepMask(int First, int Last) : MaskSpec
{
    /// <inheritdoc />
    public override string TypeName => "keep";
}
