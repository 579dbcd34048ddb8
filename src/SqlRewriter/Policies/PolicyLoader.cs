using System.Text;
using MaskingProxy.SqlRewriter.Catalog;
using MaskingProxy.Crypto;
using MaskingProxy.SqlRewriter.Policies.Yaml;

namespace MaskingProxy.SqlRewriter.Policies;

/// <summary>
/// Loads and validates SPEC §3 policies. Never throws for a bad policy: every problem is returned as a
/// <see cref="PolicyError"/> with file, line and column, and validation continues past the first one.
/// </summary>
/// <remarks>
/// The policy version (<see cref="Policy.Version"/>) is the lowercase hex SM3 of the exact file bytes,
/// so the audit trail can name the file content a decision was made under.
/// </remarks>
public static class PolicyLoader
{
    private static readonly UTF8Encoding s_strictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Reads and validates the policy file at <paramref name="path"/>.</summary>
    /// <param name="path">Policy file.</param>
    /// <param name="columnTypes">Catalog for mask/type checks; null skips them.</param>
    public static PolicyLoadResult TryLoadFile(string path, IColumnTypeLookup? columnTypes = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            return new PolicyLoadResult(null, [new PolicyError(new SourceLocation(path, 1, 1), PolicyErrorKind.Io, $"cannot read policy file: {ex.Message}")]);
        }

        return TryLoadBytes(bytes, path, columnTypes);
    }

    /// <summary>Validates policy text; the version is the SM3 of its UTF-8 encoding.</summary>
    public static PolicyLoadResult TryLoadText(string yaml, string sourceName = "<policy>", IColumnTypeLookup? columnTypes = null)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        return TryLoadBytes(Encoding.UTF8.GetBytes(yaml), sourceName, columnTypes);
    }

    /// <summary>Validates policy file content.</summary>
    public static PolicyLoadResult TryLoadBytes(ReadOnlySpan<byte> bytes, string sourceName, IColumnTypeLookup? columnTypes = null)
    {
        ArgumentNullException.ThrowIfNull(sourceName);
        string version = Sm3.HashHex(bytes);
        var errors = new List<PolicyError>();

        ReadOnlySpan<byte> content = bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? bytes[3..] : bytes;
        string text;
        try
        {
            text = s_strictUtf8.GetString(content);
        }
        catch (DecoderFallbackException ex)
        {
            int offset = Math.Max(0, ex.Index);
            int line = 1 + content[..Math.Min(offset, content.Length)].Count((byte)'\n');
            errors.Add(new PolicyError(new SourceLocation(sourceName, line, 1), PolicyErrorKind.Io, "policy file is not valid UTF-8"));
            return new PolicyLoadResult(null, errors);
        }

        YNode? root = YamlTreeReader.Read(text, sourceName, errors);
        Policy? policy = null;
        if (root is not null)
        {
            policy = PolicyDocumentReader.Read(root, new YamlValueReader(sourceName, errors), version, columnTypes);
        }

        // Errors are reported in file order, whatever order the checks ran in.
        List<PolicyError> sorted = [.. errors.OrderBy(e => e.Line).ThenBy(e => e.Column)];
        bool failed = sorted.Any(e => e.Severity == PolicyErrorSeverity.Error);
        return new PolicyLoadResult(failed ? null : policy, sorted);
    }
}
