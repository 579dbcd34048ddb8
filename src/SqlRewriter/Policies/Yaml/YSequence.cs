using YamlDotNet.Core;

namespace MaskingProxy.SqlRewriter.Policies.Yaml;

/// <summary>A YAML sequence.</summary>
internal sealed class YSequence(Mark start, IReadOnlyList<YNode> items) : YNode(start)
{
    public IReadOnlyList<YNode> Items { get; } = items;

    public override string Describe() => "a list";
}
