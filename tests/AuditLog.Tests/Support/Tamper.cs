using System.Text;
using System.Text.RegularExpressions;
using MaskingProxy.Crypto;
using MaskingProxy.AuditLog.Crypto;
using MaskingProxy.AuditLog.Records;

namespace MaskingProxy.AuditLog.Tests.Support;

/// <summary>What an attacker with write access but without the keys can do to a segment.</summary>
internal static partial class Tamper
{
    public static List<string> Read(string segment) => File.ReadAllLines(segment).ToList();

    public static void Write(string segment, IEnumerable<string> lines) => File.WriteAllText(segment, string.Join("\n", lines) + "\n");

    public static int IndexOfSeq(List<string> lines, long seq) => lines.FindIndex(l => l.Contains($"\"seq\":{seq},", StringComparison.Ordinal));

    /// <summary>
    /// Recomputes hash (and the head_hash a checkpoint names) for lines[from..] so the SM3 chain is
    /// consistent again; MACs and signatures stay as they were (they need the keys).
    /// </summary>
    public static void Rehash(List<string> lines, int from)
    {
        var prev = Convert.FromHexString(AuditRecordParser.Parse(lines[from - 1]).Hash);
        for (var i = from; i < lines.Count; i++)
        {
            var line = lines[i];
            if (line.Contains("\"type\":\"checkpoint\"", StringComparison.Ordinal))
            {
                line = HeadHash().Replace(line, "\"head_hash\":\"" + Convert.ToHexStringLower(prev) + "\"");
            }

            if (line.Contains("\"type\":\"segment\"", StringComparison.Ordinal))
            {
                line = PrevHash().Replace(line, "\"prev_hash\":\"" + Convert.ToHexStringLower(prev) + "\"");
            }

            var bytes = Encoding.UTF8.GetBytes(line);
            Assert.True(SealedLineParser.TryParse(bytes, out var parsed, out var error), error);
            var hash = Sm3.Hash([.. prev, .. bytes.AsSpan(0, parsed.CanonicalLength), (byte)'}']);
            lines[i] = HashField().Replace(line, "\"hash\":\"" + Convert.ToHexStringLower(hash) + "\"");
            prev = hash;
        }
    }

    [GeneratedRegex("\"head_hash\":\"[0-9a-f]{64}\"")]
    private static partial Regex HeadHash();

    [GeneratedRegex("\"prev_hash\":\"[0-9a-f]{64}\"")]
    private static partial Regex PrevHash();

    [GeneratedRegex("\"hash\":\"[0-9a-f]{64}\"")]
    private static partial Regex HashField();
}
