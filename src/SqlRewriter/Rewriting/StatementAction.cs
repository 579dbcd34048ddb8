namespace MaskingProxy.SqlRewriter.Rewriting;

/// <summary>Broad class of a statement (audit "action", and the durability decision of SPEC §6).</summary>
public enum StatementAction
{
    /// <summary>Reads data (SELECT, TABLE, VALUES, FETCH, SHOW, EXPLAIN without ANALYZE ...).</summary>
    Read,

    /// <summary>Changes data (INSERT, UPDATE, DELETE, MERGE, COPY FROM, TRUNCATE, CREATE TABLE AS ...).</summary>
    Write,

    /// <summary>Changes the schema (CREATE, ALTER, DROP, COMMENT, GRANT ...).</summary>
    Ddl,

    /// <summary>Changes session state (SET, RESET, DISCARD, PREPARE, DECLARE, LISTEN ...).</summary>
    Session,

    /// <summary>Transaction control (BEGIN, COMMIT, ROLLBACK, SAVEPOINT ...).</summary>
    Transaction,

    /// <summary>Runs code whose effect is not known statically (DO, CALL, EXECUTE of a prepared statement).</summary>
    Execute,

    /// <summary>Anything else (VACUUM, CHECKPOINT, LOCK, unparsed text ...).</summary>
    Other,
}
