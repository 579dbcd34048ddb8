using System.Globalization;
using System.Text;
using MaskingProxy.SqlRewriter.Postgres.Interop;

namespace MaskingProxy.SqlRewriter.Postgres;

/// <summary>
/// Produces the statement text stored in audit records: the text with every literal replaced by a
/// placeholder and comments removed (SPEC §6: the audit trail never holds literal values, they may be
/// personal data). Thread-safe, never throws for bad input, never returns raw text it could not check.
/// </summary>
/// <remarks>
/// <para>Two passes. (1) libpg_query's normalize, when the text parses: it replaces the constants of the
/// parse tree with <c>$1</c>, <c>$2</c>, … and is the canonical form other tools know. It leaves literals
/// in many utility statements (measured with libpg_query 15-4.0: <c>ALTER SYSTEM SET</c>,
/// <c>ALTER ROLE/DATABASE … SET</c>, <c>COPY</c> file names and options, column defaults and checks in
/// <c>CREATE/ALTER TABLE</c>, partition bounds, <c>COMMENT ON</c>, <c>SECURITY LABEL</c>, <c>CALL</c>,
/// <c>EXECUTE</c>, <c>NOTIFY</c>, the query of <c>PREPARE</c>, <c>CREATE VIEW/MATERIALIZED VIEW/TABLE AS</c>,
/// <c>CREATE RULE</c>, <c>EXPLAIN</c> of those, index predicates, policies, domain checks, enum labels,
/// trigger arguments, foreign-server options, <c>CREATE DATABASE</c> options, the <c>UESCAPE</c> character,
/// numbers in <c>CREATE SEQUENCE</c>, <c>FETCH</c>, <c>CONNECTION LIMIT</c>, <c>SET STATISTICS</c>,
/// <c>VACUUM</c> options; tests/SqlRewriter.Tests/Postgres/StatementNormalizerTests.cs covers them).
/// (2) <see cref="LiteralScrubber"/> on the result: every literal token left (strings in all quoting
/// forms, bit and hex strings, numbers) becomes <c>$n</c>, numbered after the highest placeholder present.
/// Text that does not parse gets pass (2) alone; text that cannot even be scanned (an unterminated
/// quote or comment, a NUL character, over the parser's size limit) becomes
/// <c>&lt;unparseable statement: N bytes&gt;</c>.</para>
/// <para>Placeholders are <c>$n</c> rather than <c>?</c>: libpg_query's pass already emits <c>$n</c>, so one
/// style runs through the whole text; numbers keep the placeholders distinguishable (which value went
/// where, matched against bind parameters); and the result still parses as PostgreSQL, so audit tooling
/// can parse or fingerprint it. Numbering restarts for every text normalized.</para>
/// <para>Residual exposure, by design: names stay. A value written where PostgreSQL reads a name (a
/// double-quoted "string", an unquoted word such as <c>WHERE name = 张三</c>) is an identifier to the
/// scanner and is kept; such statements fail on the server, but their record holds the word.</para>
/// <para>Lexing assumes <c>standard_conforming_strings = on</c> (backslashes are not escapes in '…'), as
/// all of libpg_query does; the proxy refuses sessions that turn it off (SPEC §4).</para>
/// </remarks>
public static class StatementNormalizer
{
    /// <summary>
    /// Longest text (UTF-16 code units) normalized by default: 1 Mi. Longer texts (bulk loads) are
    /// recorded as <c>&lt;statement too long: N bytes&gt;</c>; parsing them costs a dedicated deep-stack
    /// thread and their normalized form would dominate the audit log.
    /// </summary>
    public const int DefaultMaxInputLength = 1024 * 1024;

    /// <summary>Normalizes <paramref name="sql"/> (one or more statements) with <see cref="DefaultMaxInputLength"/>.</summary>
    public static string Normalize(string sql) => Normalize(sql, DefaultMaxInputLength);

    /// <summary>Normalizes <paramref name="sql"/> (one or more statements).</summary>
    /// <param name="sql">The text as the client sent it.</param>
    /// <param name="maxInputLength">Texts longer than this (UTF-16 code units) are replaced by a size placeholder.</param>
    /// <returns>The text with placeholders for literals and without comments, or a fixed placeholder.</returns>
    public static string Normalize(string sql, int maxInputLength)
    {
        ArgumentNullException.ThrowIfNull(sql);
        ArgumentOutOfRangeException.ThrowIfNegative(maxInputLength);
        if (sql.Length > maxInputLength)
        {
            return Placeholder("statement too long", sql);
        }

        string? normalized = TryLibraryNormalize(sql);
        if (normalized is not null && LiteralScrubber.TryScrub(normalized) is { } scrubbed)
        {
            return scrubbed;
        }

        // Unparseable text, or (never observed) a normalized text that no longer scans: tokens of the
        // original are still enough to drop every literal.
        return LiteralScrubber.TryScrub(sql) ?? Placeholder("unparseable statement", sql);
    }

    private static string? TryLibraryNormalize(string sql)
    {
        try
        {
            return PgQuery.Normalize(sql);
        }
        catch (PgQueryException)
        {
            // Syntax errors are expected (the proxy audits what it denies too); library and size
            // problems surface again in the scan and end in the fixed placeholder.
            return null;
        }
    }

    // The size is the only thing recorded about such a text; UTF-8 bytes, as the client sent it.
    private static string Placeholder(string what, string sql) =>
        string.Create(CultureInfo.InvariantCulture, $"<{what}: {Encoding.UTF8.GetByteCount(sql)} bytes>");
}
