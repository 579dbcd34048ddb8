namespace MaskingProxy.SqlRewriter.Rewriting;

/// <summary>The decision for a statement text (SPEC §6: allow | masked | deny).</summary>
public enum RewriteVerdict
{
    /// <summary>Forward unchanged; no covered value is read (or the subject is exempt / has no rules).</summary>
    Allow,

    /// <summary>Covered values are read and masked: forward <see cref="RewriteResult.RewrittenSql"/> (or the original when
    /// it is null) and apply <see cref="RewriteResult.ValueTransforms"/> to result rows.</summary>
    Masked,

    /// <summary>Do not forward; answer with an error naming <see cref="RewriteResult.Denial"/>.</summary>
    Deny,
}
