using YamlDotNet.Core;

namespace MaskingProxy.SqlRewriter.Policies.Yaml;

/// <summary>
/// Minimal YAML tree with source marks. Built from parser events instead of YamlDotNet's representation
/// model so that duplicate keys, aliases and the like become collected errors rather than exceptions.
/// </summary>
internal abstract class YNode(Mark start)
{
    /// <summary>Where the node starts (1-based line and column).</summary>
    public Mark Start { get; } = start;

    /// <summary>Short description for messages ("a list", "a mapping", "text").</summary>
    public abstract string Describe();
}
