using System.Text;

namespace MaskingProxy.SqlRewriter.Postgres.Interop;

/// <summary>
/// A SQL text as the exact NUL-terminated UTF-8 bytes handed to libpg_query, plus the mapping from
/// libpg_query's positions (byte offsets, or 1-based character counts in error cursors) back to
/// indices in the C# string.
/// </summary>
/// <remarks>
/// The proxy must parse the same text the database executes. Two C# strings have no faithful UTF-8 form
/// as a C string and are therefore refused rather than "repaired": a string containing U+0000 (C would
/// stop reading at it, so the parser would see a prefix) and a string with an unpaired surrogate (a
/// lenient encoder would substitute U+FFFD).
/// </remarks>
internal sealed class Utf8SqlText
{
    private static readonly UTF8Encoding s_strictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    // Lazily built for non-ASCII text: s_charIndexAtByte[b] = UTF-16 index of the character that
    // contains byte b (or Text.Length at the end).
    private int[]? _charIndexAtByte;

    private Utf8SqlText(string text, byte[] nulTerminated, bool isAscii)
    {
        Text = text;
        Bytes = nulTerminated;
        IsAscii = isAscii;
    }

    /// <summary>The original text.</summary>
    public string Text { get; }

    /// <summary>UTF-8 bytes followed by one terminating NUL.</summary>
    public byte[] Bytes { get; }

    /// <summary>Number of UTF-8 bytes, without the terminator.</summary>
    public int ByteLength => Bytes.Length - 1;

    /// <summary>True when every character is ASCII, so byte offsets equal string indices.</summary>
    public bool IsAscii { get; }

    /// <summary>Encodes <paramref name="text"/>, or reports why it cannot be passed to the parser unchanged.</summary>
    public static bool TryCreate(string text, out Utf8SqlText? result, out PgParseError? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        result = null;

        int nul = text.IndexOf('\0', StringComparison.Ordinal);
        if (nul >= 0)
        {
            error = new PgParseError(
                PgParseErrorKind.InvalidInput,
                "SQL text contains a NUL character; PostgreSQL strings cannot contain NUL and the text would be truncated",
                nul);
            return false;
        }

        byte[] bytes;
        int length;
        try
        {
            length = s_strictUtf8.GetByteCount(text);
            bytes = new byte[length + 1];
            s_strictUtf8.GetBytes(text, 0, text.Length, bytes, 0);
        }
        catch (EncoderFallbackException ex)
        {
            error = new PgParseError(
                PgParseErrorKind.InvalidInput,
                "SQL text contains an unpaired UTF-16 surrogate and has no exact UTF-8 form",
                ex.Index >= 0 && ex.Index < text.Length ? ex.Index : null);
            return false;
        }

        bytes[length] = 0;
        result = new Utf8SqlText(text, bytes, length == text.Length);
        error = null;
        return true;
    }

    /// <summary>Converts a byte offset reported by libpg_query into an index into <see cref="Text"/>.</summary>
    /// <remarks>Offsets inside a multi-byte sequence map to the start of that character; out-of-range offsets clamp.</remarks>
    public int CharIndexOfByteOffset(int byteOffset)
    {
        if (byteOffset <= 0)
        {
            return 0;
        }

        if (byteOffset >= ByteLength)
        {
            return Text.Length;
        }

        if (IsAscii)
        {
            return byteOffset;
        }

        int[] map = _charIndexAtByte ??= BuildMap();
        return map[byteOffset];
    }

    /// <summary>
    /// Converts PostgreSQL's 1-based error cursor (counted in characters, i.e. code points, because
    /// libpg_query runs with UTF-8 as the database encoding) into a 0-based index into <see cref="Text"/>.
    /// </summary>
    public int? CharIndexOfCursorPosition(int cursorPos)
    {
        if (cursorPos <= 0)
        {
            return null;
        }

        int codePointsToSkip = cursorPos - 1;
        int index = 0;
        while (codePointsToSkip > 0 && index < Text.Length)
        {
            index += char.IsHighSurrogate(Text[index]) && index + 1 < Text.Length && char.IsLowSurrogate(Text[index + 1]) ? 2 : 1;
            codePointsToSkip--;
        }

        return Math.Min(index, Text.Length);
    }

    private int[] BuildMap()
    {
        var map = new int[ByteLength + 1];
        int b = 0;
        for (int i = 0; i < Text.Length; i++)
        {
            int charIndex = i;
            int width;
            char c = Text[i];
            if (c < 0x80)
            {
                width = 1;
            }
            else if (c < 0x800)
            {
                width = 2;
            }
            else if (char.IsHighSurrogate(c))
            {
                width = 4; // validated as a proper pair in TryCreate
                i++;
            }
            else
            {
                width = 3;
            }

            for (int k = 0; k < width; k++)
            {
                map[b++] = charIndex;
            }
        }

        map[ByteLength] = Text.Length;
        return map;
    }
}
