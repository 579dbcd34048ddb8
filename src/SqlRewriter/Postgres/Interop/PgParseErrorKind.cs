namespace MaskingProxy.SqlRewriter.Postgres.Interop;

/// <summary>Why libpg_query (or the wrapper around it) refused an input.</summary>
public enum PgParseErrorKind
{
    /// <summary>The PostgreSQL grammar rejected the text (syntax error, unterminated literal, ...).</summary>
    Syntax,

    /// <summary>
    /// The text cannot be handed to the parser unchanged: it contains a NUL character or an unpaired
    /// UTF-16 surrogate. Parsing a truncated or repaired text would let the proxy judge a different
    /// statement than the database runs, so such input is refused instead.
    /// </summary>
    InvalidInput,

    /// <summary>The statement is larger than the configured limit (see <see cref="PgQueryLimits"/>).</summary>
    TooLarge,

    /// <summary>The parse tree is nested deeper than <see cref="PgQueryLimits.MaxTreeDepth"/>.</summary>
    TooDeep,

    /// <summary>Deparsing an AST failed (the tree is not something PostgreSQL could have produced).</summary>
    Deparse,

    /// <summary>libpg_query returned data this wrapper could not decode.</summary>
    Internal,
}
