namespace MaskingProxy.SqlRewriter.Postgres.Interop;

/// <summary>
/// Converts the UTF-8 byte offsets found in libpg_query ASTs (<c>location</c>, <c>stmt_location</c>,
/// <c>stmt_len</c>) into indices in the C# string that was parsed.
/// </summary>
public sealed class PgSqlOffsetMap
{
    private readonly Utf8SqlText _text;

    internal PgSqlOffsetMap(Utf8SqlText text) => _text = text;

    /// <summary>The SQL text the offsets refer to.</summary>
    public string Sql => _text.Text;

    /// <summary>UTF-8 length of <see cref="Sql"/>.</summary>
    public int ByteLength => _text.ByteLength;

    /// <summary>Index in <see cref="Sql"/> of the character at UTF-8 offset <paramref name="byteOffset"/> (clamped).</summary>
    public int ToCharIndex(int byteOffset) => _text.CharIndexOfByteOffset(byteOffset);
}
