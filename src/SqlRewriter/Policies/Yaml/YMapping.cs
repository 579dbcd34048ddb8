using YamlDotNet.Core;

namespace MaskingProxy.SqlRewriter.Policies.Yaml;

/// <summary>A YAML mapping; entries keep file order and duplicates (reported by the reader).</summary>
internal sealed class YMapping(Mark start, IReadOnlyList<KeyValuePair<YNode, YNode>> entries) : YNode(start)
{
    public IReadOnlyList<KeyValuePair<YNode, YNode>> Entries { get; } = entries;

    public override string Describe() => "a mapping";
}
