using System.Text;

namespace MaskingProxy.Proxy.Postgres.Protocol;

/// <summary>
/// Decodes statement texts (or names), handing back the same string for bytes seen a moment ago: clients
/// send the same text over and over (an unnamed Parse per execution), and comparing bytes costs
/// less than decoding UTF-8 and allocating a string each time. Downstream caches keyed by the text
/// then also hit on the first reference comparison. Not thread-safe: each instance belongs to one client pump.
/// </summary>
internal sealed class RecentTexts
{
    private const int Slots = 4;

    /// <summary>Longer texts are decoded every time: they rarely repeat, and comparing them is not free.</summary>
    private const int MaxRememberedBytes = 4096;

    private readonly byte[]?[] _bytes = new byte[Slots][];
    private readonly string[] _texts = new string[Slots];
    private int _next;

    public string Decode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty)
        {
            return string.Empty;
        }
        if (bytes.Length > MaxRememberedBytes)
        {
            return Encoding.UTF8.GetString(bytes);
        }
        for (var i = 0; i < Slots; i++)
        {
            if (_bytes[i] is { } known && bytes.SequenceEqual(known))
            {
                return _texts[i];
            }
        }
        var text = Encoding.UTF8.GetString(bytes);
        _bytes[_next] = bytes.ToArray();
        _texts[_next] = text;
        _next = (_next + 1) % Slots;
        return text;
    }
}
