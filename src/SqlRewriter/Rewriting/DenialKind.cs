namespace MaskingProxy.SqlRewriter.Rewriting;

/// <summary>Why a statement was denied, by policy setting (for metrics and audit search).</summary>
public enum DenialKind
{
    /// <summary>The statement would expose a covered value (a rule or policy default decided).</summary>
    Policy,

    /// <summary>The parser rejected the text (<c>unparseable: deny</c>).</summary>
    Unparseable,

    /// <summary>The rewriter cannot prove the statement safe: unknown construct or object (<c>unparseable: deny</c>).</summary>
    Unprovable,

    /// <summary>A covered column is used in a predicate (<c>predicates: deny</c>, or a mask that SQL cannot compute).</summary>
    Predicate,

    /// <summary>A covered value would be copied into a table or file (<c>copy_out: deny</c>).</summary>
    CopyOut,

    /// <summary>Dynamic SQL: DO blocks, EXECUTE of strings, procedures (<c>dynamic_sql: deny</c>).</summary>
    DynamicSql,

    /// <summary>A change of session state the proxy does not track, or that would make its reading differ.</summary>
    SessionState,

    /// <summary>A connection-level side door: server files or programs, large objects, replication, notifications.</summary>
    SideDoor,
}
