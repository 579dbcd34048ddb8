namespace MaskingProxy.SqlRewriter.Policies;

/// <summary><c>defaults.unparseable</c>: what to do with SQL the parser rejects or the rewriter cannot prove safe.</summary>
public enum UnparseableAction
{
    /// <summary>Deny the statement (default).</summary>
    Deny,

    /// <summary>Forward it unchanged.</summary>
    Allow,
}
