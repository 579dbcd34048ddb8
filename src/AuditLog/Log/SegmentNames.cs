using System.Globalization;

namespace MaskingProxy.AuditLog.Log;

/// <summary>
/// Segment files are <c>audit-NNNNNN.jsonl</c> (six digits or more, so names sort) numbered from 1.
/// Anything else in the directory is ignored by readers.
/// </summary>
public static class SegmentNames
{
    public const string LockFileName = "audit.lock";
    private const string Prefix = "audit-";
    private const string Suffix = ".jsonl";

    public static string Format(long number) => Prefix + number.ToString("D6", CultureInfo.InvariantCulture) + Suffix;

    public static bool TryParse(string fileName, out long number)
    {
        number = 0;
        if (!fileName.StartsWith(Prefix, StringComparison.Ordinal) || !fileName.EndsWith(Suffix, StringComparison.Ordinal))
        {
            return false;
        }

        var digits = fileName.AsSpan(Prefix.Length, fileName.Length - Prefix.Length - Suffix.Length);
        return digits.Length >= 6 && digits.IndexOfAnyExceptInRange('0', '9') < 0
            && long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out number) && number > 0;
    }

    /// <summary>Segment files in <paramref name="directory"/>, ordered by number.</summary>
    public static IReadOnlyList<(long Number, string Path)> List(string directory)
    {
        var result = new List<(long, string)>();
        foreach (var path in System.IO.Directory.EnumerateFiles(directory))
        {
            if (TryParse(Path.GetFileName(path), out var number))
            {
                result.Add((number, path));
            }
        }

        result.Sort((a, b) => a.Item1.CompareTo(b.Item1));
        return result;
    }
}
