namespace MaskingProxy.SqlRewriter.Postgres.Interop;

/// <summary>
/// One statement of a multi-statement string.
/// </summary>
/// <param name="Start">0-based index into the C# string (UTF-16 code units).</param>
/// <param name="Length">Length in UTF-16 code units; excludes the terminating semicolon.</param>
/// <param name="ByteStart">Offset in the UTF-8 text as libpg_query reported it.</param>
/// <param name="ByteLength">Length in UTF-8 bytes as libpg_query reported it.</param>
public readonly record struct PgStatementRange(int Start, int Length, int ByteStart, int ByteLength)
{
    /// <summary>The statement's text within <paramref name="sql"/> (the string that was split).</summary>
    public string GetText(string sql)
    {
        ArgumentNullException.ThrowIfNull(sql);
        return sql.Substring(Start, Length);
    }
}
