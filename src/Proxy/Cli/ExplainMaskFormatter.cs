using System.Globalization;
using System.Text;
using MaskingProxy.SqlRewriter.Policies;

namespace MaskingProxy.Proxy.Cli;

/// <summary>
/// One-line descriptions of masks for <c>policy explain</c>, e.g. <c>keep(first=3,last=4)</c>. Lives here
/// rather than on <see cref="MaskSpec"/>: the wording is part of this command's output contract.
/// </summary>
internal static class ExplainMaskFormatter
{
    public static string Describe(MaskSpec mask) => mask switch
    {
        KeepMask keep => $"keep(first={keep.First},last={keep.Last})",
        EmailMask => "email",
        ReplaceMask replace => $"replace({Quote(replace.Text)})",
        TruncateMask truncate => $"truncate({truncate.Unit.ToString().ToLowerInvariant()})",
        RoundMask round => $"round({round.Step.ToString(CultureInfo.InvariantCulture)})",
        NullMask => "null",
        HashMask hash => $"hash({hash.Algorithm.ToString().ToLowerInvariant()},key_env={hash.KeyEnvironmentVariable},length={hash.Length})",
        _ => mask.TypeName,
    };

    // Replacement text is free text from the policy: quote it so spaces and control characters stay visible.
    private static string Quote(string text)
    {
        var quoted = new StringBuilder(text.Length + 2).Append('"');
        foreach (var c in text)
        {
            _ = c switch
            {
                '"' => quoted.Append("\\\""),
                '\\' => quoted.Append("\\\\"),
                _ when char.IsControl(c) => quoted.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}"),
                _ => quoted.Append(c),
            };
        }
        return quoted.Append('"').ToString();
    }
}
