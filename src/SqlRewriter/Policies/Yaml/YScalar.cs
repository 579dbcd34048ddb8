using YamlDotNet.Core;

namespace MaskingProxy.SqlRewriter.Policies.Yaml;

/// <summary>A YAML scalar with its style and tag.</summary>
internal sealed class YScalar(Mark start, string value, ScalarStyle style, string? tag) : YNode(start)
{
    private const string NullTag = "tag:yaml.org,2002:null";
    private const string StrTag = "tag:yaml.org,2002:str";

    public string Value { get; } = value;

    public ScalarStyle Style { get; } = style;

    public string? Tag { get; } = tag;

    /// <summary>Plain (unquoted, untagged-as-string) scalars are the ones YAML resolves to null/numbers.</summary>
    public bool IsPlain => Style == ScalarStyle.Plain && Tag != StrTag;

    /// <summary>YAML 1.2 core-schema null: <c>null</c>, <c>Null</c>, <c>NULL</c>, <c>~</c>, empty, or <c>!!null</c>.</summary>
    public bool IsNull => Tag == NullTag || (IsPlain && Value is "" or "~" or "null" or "Null" or "NULL");

    /// <summary>A value that was left empty (<c>key:</c> with nothing after it).</summary>
    public bool IsEmpty => IsPlain && Value.Length == 0;

    public override string Describe() => IsNull ? "null" : IsPlain ? $"'{Value}'" : $"\"{Value}\"";
}
