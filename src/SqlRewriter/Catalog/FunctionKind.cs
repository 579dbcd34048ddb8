namespace MaskingProxy.SqlRewriter.Catalog;

/// <summary>pg_proc.prokind.</summary>
public enum FunctionKind
{
    /// <summary>Normal function (<c>f</c>).</summary>
    Function,

    /// <summary>Procedure (<c>p</c>), invoked with CALL.</summary>
    Procedure,

    /// <summary>Aggregate (<c>a</c>).</summary>
    Aggregate,

    /// <summary>Window function (<c>w</c>).</summary>
    Window,
}
