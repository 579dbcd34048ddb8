namespace MaskingProxy.SqlRewriter.Policies;

/// <summary>
/// How a rule masks its columns. Closed hierarchy: <see cref="KeepMask"/>, <see cref="EmailMask"/>,
/// <see cref="ReplaceMask"/>, <see cref="TruncateMask"/>, <see cref="RoundMask"/>, <see cref="NullMask"/>,
/// <see cref="HashMask"/>.
/// </summary>
public abstract record MaskSpec
{
    // Only the subtypes in this assembly exist; consumers can switch exhaustively on them.
    private protected MaskSpec()
    {
    }

    /// <summary>The YAML name of the mask type (<c>keep</c>, <c>email</c>, ...), for messages.</summary>
    public abstract string TypeName { get; }
}
