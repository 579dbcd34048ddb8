namespace MaskingProxy.SqlRewriter.Postgres.Rewriting;

/// <summary>Who receives the rows of a statement's top-level query.</summary>
internal enum ResultConsumer
{
    /// <summary>The client, as a result set the proxy relays (and can transform).</summary>
    Client,

    /// <summary>A cursor (DECLARE): rows come later through FETCH.</summary>
    Cursor,

    /// <summary>A prepared statement (PREPARE): rows come later through EXECUTE.</summary>
    Prepared,

    /// <summary>A table or file: INSERT .. SELECT, CREATE TABLE AS, SELECT INTO, COPY TO, UPDATE SET from a query.</summary>
    Copy,

    /// <summary>Nobody (EXPLAIN, PERFORM-like positions).</summary>
    Discarded,
}
