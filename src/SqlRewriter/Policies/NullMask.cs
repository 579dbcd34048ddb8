namespace MaskingProxy.SqlRewriter.Policies;

/// <summary><c>mask: null</c>: NULL of the column's type.</summary>
public sealed record NullMask : MaskSpec
{
    /// <inheritdoc />
    public override string TypeName => "null";
}
