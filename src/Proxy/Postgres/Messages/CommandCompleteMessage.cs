using System.Buffers.Text;

namespace MaskingProxy.Proxy.Postgres.Messages;

/// <summary>
/// CommandComplete (docs §55.7): the command tag, e.g. <c>SELECT 5</c>, <c>INSERT 0 1</c>,
/// <c>ROLLBACK</c>. Read in place: the session needs the row count and a few tags, not a string.
/// </summary>
public static class CommandCompleteMessage
{
    private static ReadOnlySpan<byte> Rollback => "ROLLBACK"u8;

    /// <summary>The tag without its terminator; false when the body is not a C string.</summary>
    public static bool TryGetTag(ReadOnlySpan<byte> body, out ReadOnlySpan<byte> tag)
    {
        tag = default;
        if (body.Length == 0 || body[^1] != 0)
        {
            return false;
        }
        tag = body[..^1];
        return tag.IndexOf((byte)0) < 0;
    }

    /// <summary>The row count at the end of the tag, for the commands that report one.</summary>
    public static long? Rows(ReadOnlySpan<byte> tag)
    {
        var space = tag.LastIndexOf((byte)' ');
        if (space < 0)
        {
            return null;
        }
        return Utf8Parser.TryParse(tag[(space + 1)..], out long rows, out var consumed) && consumed == tag.Length - space - 1 ? rows : null;
    }

    /// <summary>ROLLBACK, ROLLBACK TO SAVEPOINT (same tag) and a COMMIT of a failed block (answered ROLLBACK).</summary>
    public static bool IsRollback(ReadOnlySpan<byte> tag) => tag.StartsWith(Rollback);
}
