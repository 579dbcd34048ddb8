using YamlDotNet.RepresentationModel;

namespace MaskingProxy.Proxy.Hosting.Config;

/// <summary>The file being read and the errors found so far.</summary>
internal sealed class ConfigReadContext
{
    private readonly List<ConfigError> _errors = [];

    public ConfigReadContext(string file, string baseDirectory)
    {
        File = file;
        BaseDirectory = baseDirectory;
    }

    public string File { get; }

    public string BaseDirectory { get; }

    public IReadOnlyList<ConfigError> Errors => _errors;

    public void Error(YamlNode node, string message) =>
        _errors.Add(new ConfigError(File, node.Start.Line, node.Start.Column, message));

    public void Error(long line, long column, string message) => _errors.Add(new ConfigError(File, line, column, message));

    /// <summary>Relative paths resolve against the config file's folder (SPEC §8).</summary>
    public string ResolvePath(string path) => System.IO.Path.GetFullPath(path, BaseDirectory);
}
