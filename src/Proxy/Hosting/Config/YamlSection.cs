using System.Globalization;
using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace MaskingProxy.Proxy.Hosting.Config;

/// <summary>
/// Typed, error-collecting access to one YAML mapping. Every getter records a located error
/// instead of throwing, so one pass reports every problem in the file; unknown keys are errors too
/// (a misspelt key silently ignored is a setting silently not applied).
/// </summary>
internal sealed partial class YamlSection
{
    private readonly YamlMappingNode _node;
    private readonly ConfigReadContext _context;
    private readonly HashSet<string> _known = new(StringComparer.Ordinal);

    public YamlSection(YamlMappingNode node, ConfigReadContext context)
    {
        _node = node;
        _context = context;
    }

    public YamlNode Node => _node;

    public YamlNode? Raw(string key)
    {
        _known.Add(key);
        return _node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;
    }

    public string? String(string key, bool required = false)
    {
        var node = Raw(key);
        if (node is null || (node is YamlScalarNode { Value: null or "" or "~" or "null" } s && s.Style == YamlDotNet.Core.ScalarStyle.Plain))
        {
            if (required)
            {
                _context.Error(_node, $"missing required key '{key}'");
            }
            return null;
        }
        if (node is not YamlScalarNode scalar)
        {
            _context.Error(node, $"'{key}' must be a scalar value");
            return null;
        }
        return Expand(scalar);
    }

    public string? Path(string key, bool required = false)
    {
        var value = String(key, required);
        return value is null ? null : _context.ResolvePath(value);
    }

    public int Int(string key, int defaultValue, int min, int max)
    {
        var text = String(key);
        if (text is null)
        {
            return defaultValue;
        }
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            _context.Error(Raw(key)!, $"'{key}' must be an integer from {min} to {max}");
            return defaultValue;
        }
        return value;
    }

    public T Enum<T>(string key, T defaultValue, params (string Name, T Value)[] choices)
    {
        var text = String(key);
        if (text is null)
        {
            return defaultValue;
        }
        foreach (var (name, value) in choices)
        {
            if (name == text)
            {
                return value;
            }
        }
        _context.Error(Raw(key)!, $"'{key}' must be one of: {string.Join(", ", choices.Select(c => c.Name))}");
        return defaultValue;
    }

    public YamlSection? Section(string key)
    {
        var node = Raw(key);
        if (node is null)
        {
            return null;
        }
        if (node is not YamlMappingNode mapping)
        {
            _context.Error(node, $"'{key}' must be a mapping");
            return null;
        }
        return new YamlSection(mapping, _context);
    }

    public IEnumerable<YamlSection> Sequence(string key)
    {
        var node = Raw(key);
        if (node is null)
        {
            yield break;
        }
        if (node is not YamlSequenceNode sequence)
        {
            _context.Error(node, $"'{key}' must be a list");
            yield break;
        }
        foreach (var item in sequence.Children)
        {
            if (item is YamlMappingNode mapping)
            {
                yield return new YamlSection(mapping, _context);
            }
            else
            {
                _context.Error(item, $"each entry of '{key}' must be a mapping");
            }
        }
    }

    public void ReportError(YamlDotNet.RepresentationModel.YamlNode node, string message) => _context.Error(node, message);

    /// <summary>Reports keys no getter asked for; call after reading the section.</summary>
    public void RejectUnknownKeys()
    {
        foreach (var key in _node.Children.Keys)
        {
            if (key is YamlScalarNode { Value: { } name } && !_known.Contains(name))
            {
                _context.Error(key, $"unknown key '{name}'");
            }
        }
    }

    /// <summary>${VAR} reads the environment; a variable that is not set is an error, not "".</summary>
    private string Expand(YamlScalarNode scalar)
    {
        var value = scalar.Value ?? string.Empty;
        return VariablePattern().Replace(value, match =>
        {
            var name = match.Groups[1].Value;
            var env = Environment.GetEnvironmentVariable(name);
            if (env is null)
            {
                _context.Error(scalar, $"environment variable '{name}' is not set");
                return string.Empty;
            }
            return env;
        });
    }

    [GeneratedRegex(@"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")]
    private static partial Regex VariablePattern();
}
