namespace MaskingProxy.SqlRewriter.Policies;

/// <summary><c>defaults.dynamic_sql</c>: DO blocks, EXECUTE/EXEC of strings, for subjects with any rule.</summary>
public enum DynamicSqlMode
{
    /// <summary>Deny (default).</summary>
    Deny,

    /// <summary>Allow.</summary>
    Allow,
}
