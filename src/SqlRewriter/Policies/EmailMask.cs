namespace MaskingProxy.SqlRewriter.Policies;

/// <summary><c>email</c>: keep the first character of the local part, '@' and the domain (<c>z***@example.com</c>).</summary>
public sealed record EmailMask : MaskSpec
{
    /// <inheritdoc />
    public override string TypeName => "email";
}
