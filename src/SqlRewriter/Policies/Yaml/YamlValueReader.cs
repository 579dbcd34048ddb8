using System.Globalization;
using System.Text.RegularExpressions;

namespace MaskingProxy.SqlRewriter.Policies.Yaml;

/// <summary>
/// Typed access to <see cref="YNode"/> values. Every problem is recorded as a <see cref="PolicyError"/>
/// at the offending node and the read returns null, so validation continues and reports everything.
/// </summary>
internal sealed partial class YamlValueReader(string source, List<PolicyError> errors)
{
    public string Source { get; } = source;

    public List<PolicyError> Errors { get; } = errors;

    public void Error(YNode node, PolicyErrorKind kind, string message) =>
        Errors.Add(YamlTreeReader.Error(Source, node.Start, kind, message));

    public void Warning(YNode node, PolicyErrorKind kind, string message) =>
        Errors.Add(YamlTreeReader.Error(Source, node.Start, kind, message) with { Severity = PolicyErrorSeverity.Warning });

    public SourceLocation Location(YNode node) =>
        new(Source, (int)Math.Max(1, node.Start.Line), (int)Math.Max(1, node.Start.Column));

    /// <summary>
    /// Reads a mapping with a fixed key set: reports non-text keys, duplicates and unknown keys (with a
    /// suggestion), and returns the first value of each known key.
    /// </summary>
    public Dictionary<string, (YNode Key, YNode Value)>? Mapping(YNode node, string what, IReadOnlyCollection<string> allowedKeys)
    {
        if (node is YInvalid)
        {
            return null;
        }

        if (node is not YMapping mapping)
        {
            Error(node, PolicyErrorKind.WrongType, $"{what} must be a mapping (key: value), not {node.Describe()}");
            return null;
        }

        var result = new Dictionary<string, (YNode, YNode)>(StringComparer.Ordinal);
        foreach ((YNode keyNode, YNode value) in mapping.Entries)
        {
            if (keyNode is not YScalar { IsNull: false } key)
            {
                if (keyNode is not YInvalid)
                {
                    Error(keyNode, PolicyErrorKind.WrongType, $"keys in {what} must be plain text, not {keyNode.Describe()}");
                }

                continue;
            }

            if (!allowedKeys.Contains(key.Value))
            {
                string? suggestion = Suggest(key.Value, allowedKeys);
                Error(key, PolicyErrorKind.UnknownKey,
                    $"unknown key '{key.Value}' in {what}" + (suggestion is null ? string.Empty : $" (did you mean '{suggestion}'?)") +
                    $"; allowed: {string.Join(", ", allowedKeys)}");
                continue;
            }

            if (result.TryGetValue(key.Value, out (YNode Key, YNode Value) first))
            {
                Error(key, PolicyErrorKind.DuplicateKey, $"duplicate key '{key.Value}' in {what} (first at line {first.Key.Start.Line}, column {first.Key.Start.Column})");
                continue;
            }

            result[key.Value] = (key, value);
        }

        return result;
    }

    public YNode? Required(Dictionary<string, (YNode Key, YNode Value)> map, YNode owner, string key, string what)
    {
        if (map.TryGetValue(key, out (YNode Key, YNode Value) entry))
        {
            return entry.Value;
        }

        Error(owner, PolicyErrorKind.MissingKey, $"{what} is missing required key '{key}'");
        return null;
    }

    public static YNode? Optional(Dictionary<string, (YNode Key, YNode Value)> map, string key) =>
        map.TryGetValue(key, out (YNode Key, YNode Value) entry) ? entry.Value : null;

    /// <summary>Non-null text (plain scalars such as <c>123</c> are taken as their text).</summary>
    public string? Text(YNode node, string what)
    {
        switch (node)
        {
            case YInvalid:
                return null;
            case YScalar { IsNull: false } scalar:
                return scalar.Value;
            case YScalar:
                Error(node, PolicyErrorKind.WrongType, $"{what} must be text, not null");
                return null;
            default:
                Error(node, PolicyErrorKind.WrongType, $"{what} must be text, not {node.Describe()}");
                return null;
        }
    }

    public int? Integer(YNode node, string what)
    {
        if (node is YInvalid)
        {
            return null;
        }

        if (node is YScalar { IsPlain: true } scalar && IntegerSyntax().IsMatch(scalar.Value))
        {
            if (int.TryParse(scalar.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int value))
            {
                return value;
            }

            Error(node, PolicyErrorKind.OutOfRange, $"{what} {scalar.Value} is out of range");
            return null;
        }

        Error(node, PolicyErrorKind.WrongType, $"{what} must be a whole number, not {node.Describe()}");
        return null;
    }

    public decimal? Number(YNode node, string what)
    {
        if (node is YInvalid)
        {
            return null;
        }

        if (node is YScalar { IsPlain: true } scalar && NumberSyntax().IsMatch(scalar.Value))
        {
            if (decimal.TryParse(scalar.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out decimal value))
            {
                return value;
            }

            Error(node, PolicyErrorKind.OutOfRange, $"{what} {scalar.Value} is out of range");
            return null;
        }

        Error(node, PolicyErrorKind.WrongType, $"{what} must be a number, not {node.Describe()}");
        return null;
    }

    /// <summary>One of a fixed set of lower-case words.</summary>
    public T? Enum<T>(YNode node, string what, IReadOnlyList<(string Name, T Value)> values)
        where T : struct
    {
        if (node is YInvalid)
        {
            return null;
        }

        string expected = string.Join(" | ", values.Select(v => v.Name));
        if (node is YScalar { IsNull: false } scalar)
        {
            foreach ((string name, T value) in values)
            {
                if (string.Equals(name, scalar.Value, StringComparison.Ordinal))
                {
                    return value;
                }
            }

            Error(node, PolicyErrorKind.BadValue, $"{what} must be {expected}, not '{scalar.Value}'");
            return null;
        }

        Error(node, PolicyErrorKind.WrongType, $"{what} must be {expected}, not {node.Describe()}");
        return null;
    }

    /// <summary>A list of non-empty text items; returns the valid items with their nodes.</summary>
    public List<(string Value, YNode Node)>? TextList(YNode node, string what)
    {
        if (node is YInvalid)
        {
            return null;
        }

        if (node is not YSequence sequence)
        {
            Error(node, PolicyErrorKind.WrongType, $"{what} must be a list, not {node.Describe()}");
            return null;
        }

        var result = new List<(string, YNode)>();
        foreach (YNode item in sequence.Items)
        {
            string? text = Text(item, $"each entry of {what}");
            if (text is null)
            {
                continue;
            }

            if (text.Length == 0)
            {
                Error(item, PolicyErrorKind.BadValue, $"entries of {what} must not be empty");
                continue;
            }

            result.Add((text, item));
        }

        return result;
    }

    private static string? Suggest(string key, IEnumerable<string> allowed) =>
        allowed.Select(a => (Key: a, Distance: Levenshtein(key, a)))
            .Where(x => x.Distance <= Math.Max(1, x.Key.Length / 3))
            .OrderBy(x => x.Distance)
            .Select(x => x.Key)
            .FirstOrDefault();

    private static int Levenshtein(string a, string b)
    {
        var row = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++)
        {
            row[j] = j;
        }

        for (int i = 1; i <= a.Length; i++)
        {
            int diagonal = row[0];
            row[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                int above = row[j];
                row[j] = Math.Min(Math.Min(row[j] + 1, row[j - 1] + 1), diagonal + (a[i - 1] == b[j - 1] ? 0 : 1));
                diagonal = above;
            }
        }

        return row[b.Length];
    }

    [GeneratedRegex(@"^[-+]?[0-9]+$")]
    private static partial Regex IntegerSyntax();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")]
    private static partial Regex NumberSyntax();
}
