namespace MaskingProxy.SqlRewriter.Postgres.Interop;

/// <summary>How <see cref="PgQuery.Split"/> finds statement boundaries.</summary>
public enum PgSplitMode
{
    /// <summary>
    /// Use the PostgreSQL grammar (<c>pg_query_split_with_parser</c>): the same boundaries the server's
    /// simple-query protocol uses. Fails on text with syntax errors. Use this for security decisions.
    /// </summary>
    Parser,

    /// <summary>
    /// Use only the lexer (<c>pg_query_split_with_scanner</c>): works on invalid SQL, but oddities like
    /// <c>CREATE RULE ... (SELECT 1; SELECT 2)</c> may be split differently from the server.
    /// </summary>
    Scanner,
}
