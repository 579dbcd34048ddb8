namespace MaskingProxy.SqlRewriter.Policies;

/// <summary><c>replace: "text"</c>: every non-NULL value becomes <paramref name="Text"/>.</summary>
/// <param name="Text">The replacement.</param>
public sealed record ReplaceMask(string Text) : MaskSpec
{
    /// <inheritdoc />
    public override string TypeName => "replace";
}
