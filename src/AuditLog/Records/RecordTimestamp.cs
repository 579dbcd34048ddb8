using System.Buffers.Text;
using System.Globalization;

namespace MaskingProxy.AuditLog.Records;

/// <summary>
/// The <c>ts</c> format: UTC, exactly six fractional digits, <c>yyyy-MM-ddTHH:mm:ss.ffffffZ</c>
/// (27 ASCII bytes). Sub-microsecond ticks are truncated, never rounded.
/// </summary>
internal static class RecordTimestamp
{
    public const int Length = 27;
    private const string Format = "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'";

    public static DateTimeOffset Truncate(DateTimeOffset value)
    {
        var ticks = value.UtcTicks;
        return new DateTimeOffset(ticks - (ticks % 10), TimeSpan.Zero);
    }

    public static void Write(DateTimeOffset value, ByteBuffer output)
    {
        var utc = Truncate(value).UtcDateTime;
        var span = output.GetSpan(Length);
        Two(span, 0, utc.Year / 100);
        Two(span, 2, utc.Year % 100);
        span[4] = (byte)'-';
        Two(span, 5, utc.Month);
        span[7] = (byte)'-';
        Two(span, 8, utc.Day);
        span[10] = (byte)'T';
        Two(span, 11, utc.Hour);
        span[13] = (byte)':';
        Two(span, 14, utc.Minute);
        span[16] = (byte)':';
        Two(span, 17, utc.Second);
        span[19] = (byte)'.';
        var micros = (int)(utc.Ticks % TimeSpan.TicksPerSecond / 10);
        Utf8Formatter.TryFormat(micros, span[20..26], out _, new System.Buffers.StandardFormat('D', 6));
        span[26] = (byte)'Z';
        output.Advance(Length);
    }

    public static string ToText(DateTimeOffset value) => Truncate(value).UtcDateTime.ToString(Format, CultureInfo.InvariantCulture);

    public static DateTimeOffset Parse(string text)
        => DateTimeOffset.ParseExact(text, Format, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    private static void Two(Span<byte> span, int at, int value)
    {
        span[at] = (byte)('0' + (value / 10));
        span[at + 1] = (byte)('0' + (value % 10));
    }
}
