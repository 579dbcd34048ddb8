using System.Buffers;
using System.Globalization;
using System.Text;

namespace MaskingProxy.AuditLog.Records;

/// <summary>
/// Writes the canonical JSON of a record: RFC 8785 (JSON Canonicalization Scheme) restricted to
/// what records contain (objects, arrays, strings, integers in [0, 2^53), true/false; no null,
/// no fractions). Callers emit members in ascending key order (UTF-16 code unit order; all keys
/// are ASCII), so the output is JCS without a sort step. Strings follow RFC 8785 §3.2.2.2:
/// <c>"</c> and <c>\</c> are backslash-escaped, U+0008/09/0A/0C/0D use \b \t \n \f \r, other
/// characters below U+0020 use \u00xx with lowercase hex, everything else is raw UTF-8.
/// Unpaired surrogates become U+FFFD so output is always valid UTF-8.
/// <para>
/// Every string passes a byte cap (UTF-8 length of the unescaped value). An over-long value is cut
/// at a character boundary and ends with "…" (U+2026); the result is never longer than the cap.
/// Because every control character is escaped, no value can contain a raw line feed: nobody can
/// end a record early or forge a following line through a string.
/// </para>
/// </summary>
internal sealed class CanonicalJsonWriter(ByteBuffer output)
{
    private const string Ellipsis = "\u2026";
    private const int EllipsisBytes = 3;
    private const int MaxDepth = 16;

    // Bit i set = the container at depth i already has a member/element (so a comma is needed).
    private int _hasItems;
    private int _depth;

    public ByteBuffer Output => output;

    public void StartObject()
    {
        BeforeValue();
        output.Write((byte)'{');
        Push();
    }

    public void EndObject()
    {
        Pop();
        output.Write((byte)'}');
    }

    public void StartArray()
    {
        BeforeValue();
        output.Write((byte)'[');
        Push();
    }

    public void EndArray()
    {
        Pop();
        output.Write((byte)']');
    }

    /// <summary>Writes <c>"name":</c>; <paramref name="utf8Name"/> is an ASCII key that needs no escaping.</summary>
    public void Name(ReadOnlySpan<byte> utf8Name)
    {
        Comma();
        output.Write((byte)'"');
        output.Write(utf8Name);
        output.Write("\":"u8);

        // The value that follows the name must not add another comma.
        _pendingValue = true;
    }

    public void String(string value, int maxBytes)
    {
        BeforeValue();
        WriteQuoted(value, maxBytes);
    }

    public void Integer(long value)
    {
        if (value is < 0 or > MaxSafeInteger)
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "Canonical integers are in [0, 2^53).");
        }

        BeforeValue();
        output.WriteInt64(value);
    }

    public void Boolean(bool value)
    {
        BeforeValue();
        output.Write(value ? "true"u8 : "false"u8);
    }

    /// <summary>Writes an already-canonical value verbatim (a pre-serialized event).</summary>
    public void Raw(ReadOnlySpan<byte> canonicalValue)
    {
        BeforeValue();
        output.Write(canonicalValue);
    }

    public void String(ReadOnlySpan<byte> name, string value, int maxBytes)
    {
        Name(name);
        String(value, maxBytes);
    }

    public void OptionalString(ReadOnlySpan<byte> name, string? value, int maxBytes)
    {
        if (value is not null)
        {
            String(name, value, maxBytes);
        }
    }

    public void Integer(ReadOnlySpan<byte> name, long value)
    {
        Name(name);
        Integer(value);
    }

    public void OptionalInteger(ReadOnlySpan<byte> name, long? value)
    {
        if (value is { } v)
        {
            Integer(name, v);
        }
    }

    public void StringArray(ReadOnlySpan<byte> name, IReadOnlyList<string> values, int maxItems, int maxBytesEach)
    {
        Name(name);
        StartArray();
        var count = Math.Min(values.Count, maxItems);
        for (var i = 0; i < count; i++)
        {
            String(values[i], maxBytesEach);
        }

        if (values.Count > maxItems)
        {
            // Keep the cut visible and countable instead of silently dropping entries.
            String(Ellipsis + "+" + (values.Count - maxItems).ToString(CultureInfo.InvariantCulture), maxBytesEach);
        }

        EndArray();
    }

    public const long MaxSafeInteger = (1L << 53) - 1;

    private bool _pendingValue;

    /// <summary>UTF-8 length of <paramref name="value"/> after surrogate repair, before escaping.</summary>
    public static int Utf8Length(string value)
    {
        var total = 0;
        for (var i = 0; i < value.Length; i++)
        {
            total += CharBytes(value, ref i);
        }

        return total;
    }

    /// <summary>The value as it will be stored: surrogates repaired and the cap applied.</summary>
    public static string Capped(string value, int maxBytes)
    {
        var cut = CutIndex(value, maxBytes);
        var repaired = new StringBuilder(value.Length);
        for (var i = 0; i < cut; i++)
        {
            var c = value[i];
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                repaired.Append(c).Append(value[++i]);
            }
            else
            {
                repaired.Append(char.IsSurrogate(c) ? '\uFFFD' : c);
            }
        }

        return cut < value.Length ? repaired.Append('\u2026').ToString() : repaired.ToString();
    }

    private void WriteQuoted(string value, int maxBytes)
    {
        var cut = CutIndex(value, maxBytes);
        output.Write((byte)'"');
        WriteEscaped(value, cut);
        if (cut < value.Length)
        {
            output.Write("\u2026"u8);
        }

        output.Write((byte)'"');
    }

    /// <summary>Number of UTF-16 chars to keep so that the kept part plus "…" fits the cap.</summary>
    private static int CutIndex(string value, int maxBytes)
    {
        if (value.Length * 3 <= maxBytes || Utf8Length(value) <= maxBytes)
        {
            return value.Length;
        }

        var budget = Math.Max(0, maxBytes - EllipsisBytes);
        var used = 0;
        for (var i = 0; i < value.Length; i++)
        {
            var start = i;
            var bytes = CharBytes(value, ref i);
            if (used + bytes > budget)
            {
                return start;
            }

            used += bytes;
        }

        return value.Length;
    }

    private static int CharBytes(string value, ref int i)
    {
        var c = value[i];
        if (c < 0x80)
        {
            return 1;
        }

        if (c < 0x800)
        {
            return 2;
        }

        if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
        {
            i++;
            return 4;
        }

        return 3; // BMP character, or an unpaired surrogate written as U+FFFD
    }

    private void WriteEscaped(string value, int count)
    {
        for (var i = 0; i < count; i++)
        {
            var c = value[i];
            if (Plain.Contains(c))
            {
                // A run of printable ASCII other than " and \ is written as is: narrowed in one vectorized step.
                var run = value.AsSpan(i, count - i);
                var length = run.IndexOfAnyExcept(Plain);
                length = length < 0 ? run.Length : length;
                Ascii.FromUtf16(run[..length], output.GetSpan(length), out _);
                output.Advance(length);
                i += length - 1;
                continue;
            }

            switch (c)
            {
                case '"':
                    output.Write("\\\""u8);
                    continue;
                case '\\':
                    output.Write("\\\\"u8);
                    continue;
                case '\b':
                    output.Write("\\b"u8);
                    continue;
                case '\t':
                    output.Write("\\t"u8);
                    continue;
                case '\n':
                    output.Write("\\n"u8);
                    continue;
                case '\f':
                    output.Write("\\f"u8);
                    continue;
                case '\r':
                    output.Write("\\r"u8);
                    continue;
            }

            if (c < 0x20)
            {
                output.Write("\\u00"u8);
                output.Write((byte)HexDigit(c >> 4));
                output.Write((byte)HexDigit(c & 0xF));
            }
            else if (c < 0x80)
            {
                output.Write((byte)c);
            }
            else
            {
                int codePoint;
                if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
                {
                    codePoint = char.ConvertToUtf32(c, value[++i]);
                }
                else
                {
                    codePoint = char.IsSurrogate(c) ? 0xFFFD : c;
                }

                var span = output.GetSpan(4);
                var written = new Rune(codePoint).EncodeToUtf8(span);
                output.Advance(written);
            }
        }
    }

    /// <summary>Characters a JCS string holds verbatim as one byte: U+0020–U+007F except <c>"</c> and <c>\</c> (§3 rule 4).</summary>
    private static readonly SearchValues<char> Plain = SearchValues.Create(
        string.Concat(Enumerable.Range(0x20, 0x60).Select(c => (char)c).Where(c => c is not ('"' or '\\'))));

    private static char HexDigit(int nibble) => (char)(nibble < 10 ? '0' + nibble : 'a' + nibble - 10);

    private void BeforeValue()
    {
        if (_pendingValue)
        {
            _pendingValue = false;
            return;
        }

        Comma();
    }

    private void Comma()
    {
        if (_depth == 0)
        {
            return;
        }

        var bit = 1 << _depth;
        if ((_hasItems & bit) != 0)
        {
            output.Write((byte)',');
        }

        _hasItems |= bit;
    }

    private void Push()
    {
        if (++_depth >= MaxDepth)
        {
            throw new InvalidOperationException("Record nesting too deep.");
        }

        _hasItems &= ~(1 << _depth);
    }

    private void Pop()
    {
        _hasItems &= ~(1 << _depth);
        _depth--;
    }
}
