namespace MaskingProxy.SqlRewriter.Catalog;

/// <summary>What kind of value a PostgreSQL column holds, as far as masks care.</summary>
public enum PgTypeCategory
{
    /// <summary>Anything else (uuid, json, bytea, arrays, composite, unknown domains, ...).</summary>
    Other,

    /// <summary><c>text</c>, <c>character varying(n)</c>, <c>character(n)</c>, <c>name</c>, <c>citext</c>.</summary>
    Character,

    /// <summary><c>date</c>.</summary>
    Date,

    /// <summary><c>timestamp [(p)] without time zone</c>.</summary>
    Timestamp,

    /// <summary><c>timestamp [(p)] with time zone</c>.</summary>
    TimestampTz,

    /// <summary><c>smallint</c>, <c>integer</c>, <c>bigint</c>.</summary>
    Integer,

    /// <summary><c>numeric(p,s)</c>, <c>real</c>, <c>double precision</c>.</summary>
    Numeric,
}
