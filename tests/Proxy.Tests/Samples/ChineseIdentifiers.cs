using System.Globalization;
using System.Text.RegularExpressions;

namespace MaskingProxy.Proxy.Tests.Samples;

/// <summary>
/// Validity checks for Chinese personal-data formats (REFERENCE.md), written from the standards rather
/// than from the sample generator, so that they can catch its mistakes.
/// </summary>
public static partial class ChineseIdentifiers
{
    /// <summary>Province-level codes of GB/T 2260 (the first two digits of an area code).</summary>
    private static readonly HashSet<string> s_provinces =
    [
        "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37",
        "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65",
    ];

    /// <summary>
    /// Why <paramref name="id"/> is not a valid 18-character resident ID (GB 11643-1999), or null if it
    /// is: area code with a real province and non-zero city/county parts, a real calendar birth date not
    /// in the future, and the ISO 7064 MOD 11-2 check character.
    /// </summary>
    public static string? ResidentIdProblem(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        if (!ResidentIdShape().IsMatch(id))
        {
            return "not 17 digits followed by a digit or X";
        }

        if (!s_provinces.Contains(id[..2]) || id.Substring(2, 2) == "00" || id.Substring(4, 2) == "00")
        {
            return $"area code {id[..6]} is not a county-level code";
        }

        if (!DateOnly.TryParseExact(id.Substring(6, 8), "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var birth)
            || birth.Year < 1900 || birth > DateOnly.FromDateTime(DateTime.UtcNow))
        {
            return $"birth date {id.Substring(6, 8)} is not a plausible date";
        }

        return Mod11_2Holds(id) ? null : $"check character {id[17]} is wrong (expected {ResidentIdCheckCharacter(id[..17])})";
    }

    /// <summary>The birth date an ID encodes (the ID must be valid).</summary>
    public static DateOnly ResidentIdBirthDate(string id) => DateOnly.ParseExact(id.Substring(6, 8), "yyyyMMdd", CultureInfo.InvariantCulture);

    /// <summary>The sex an ID encodes: odd sequence numbers are male (<c>M</c>), even ones female (<c>F</c>).</summary>
    public static string ResidentIdSex(string id) => (id[16] - '0') % 2 == 1 ? "M" : "F";

    /// <summary>
    /// The check character for 17 digits: the one that makes the ISO 7064 MOD 11-2 sum of all 18 come
    /// out at 1 (X stands for 10).
    /// </summary>
    public static char ResidentIdCheckCharacter(string first17)
    {
        ArgumentNullException.ThrowIfNull(first17);
        foreach (var candidate in "0123456789X")
        {
            if (Mod11_2Holds(first17 + candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("MOD 11-2 always has exactly one solution");
    }

    /// <summary>Does the Luhn (mod 10) checksum hold over every digit of <paramref name="number"/>?</summary>
    public static bool LuhnHolds(string number)
    {
        ArgumentNullException.ThrowIfNull(number);
        if (number.Length == 0 || !number.All(char.IsAsciiDigit))
        {
            return false;
        }

        var sum = 0;
        for (var i = 0; i < number.Length; i++)
        {
            var digit = number[number.Length - 1 - i] - '0';
            if (i % 2 == 1)
            {
                digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
            }

            sum += digit;
        }

        return sum % 10 == 0;
    }

    /// <summary>An 11-digit mainland mobile number with a 13x, 15x, 18x or 19x prefix (no +86).</summary>
    public static bool IsMobile(string number) => MobileShape().IsMatch(number);

    // ISO 7064 MOD 11-2, pure system: with the rightmost character at position 1 weighted 2^0,
    // Σ value × 2^(position-1) ≡ 1 (mod 11).
    private static bool Mod11_2Holds(string id)
    {
        var sum = 0;
        var weight = 1;
        for (var i = id.Length - 1; i >= 0; i--)
        {
            var value = id[i] == 'X' ? 10 : id[i] - '0';
            sum = (sum + value * weight) % 11;
            weight = weight * 2 % 11;
        }

        return sum == 1;
    }

    [GeneratedRegex("^[0-9]{17}[0-9X]$")]
    private static partial Regex ResidentIdShape();

    // 154 and 194 are not allocated; the sample uses none of 14x/16x/17x (data cards, virtual operators).
    [GeneratedRegex("^1(3[0-9]|5[0-35-9]|8[0-9]|9[0-35-9])[0-9]{8}$")]
    private static partial Regex MobileShape();
}
