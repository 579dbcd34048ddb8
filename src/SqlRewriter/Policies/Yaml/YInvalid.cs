using YamlDotNet.Core;

namespace MaskingProxy.SqlRewriter.Policies.Yaml;

/// <summary>Stands in for a node that was already reported (e.g. an alias), so readers do not report it again.</summary>
internal sealed class YInvalid(Mark start) : YNode(start)
{
    public override string Describe() => "an invalid node";
}
