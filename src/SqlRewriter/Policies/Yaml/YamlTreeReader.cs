using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace MaskingProxy.SqlRewriter.Policies.Yaml;

/// <summary>Reads one YAML document into a <see cref="YNode"/> tree, collecting errors with positions.</summary>
internal static partial class YamlTreeReader
{
    private const int MaxDepth = 64;

    private static readonly HashSet<string> s_allowedTags = new(StringComparer.Ordinal)
    {
        "tag:yaml.org,2002:str", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float", "tag:yaml.org,2002:null",
        "tag:yaml.org,2002:bool", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq",
    };

    /// <summary>Returns the document's root, or null after a fatal (syntax) error or for an empty file.</summary>
    public static YNode? Read(string text, string source, List<PolicyError> errors)
    {
        var parser = new Parser(new StringReader(text));
        try
        {
            parser.Consume<StreamStart>();
            if (parser.Accept<StreamEnd>(out _))
            {
                errors.Add(new PolicyError(new SourceLocation(source, 1, 1), PolicyErrorKind.MissingKey, "the policy file is empty"));
                return null;
            }

            parser.Consume<DocumentStart>();
            YNode root = ReadNode(parser, source, errors, 0);
            parser.Consume<DocumentEnd>();
            if (parser.Accept<DocumentStart>(out DocumentStart? second))
            {
                errors.Add(Error(source, second.Start, PolicyErrorKind.UnsupportedYaml, "a policy file holds exactly one YAML document; remove the second '---' document"));
            }

            return root;
        }
        catch (YamlException ex)
        {
            errors.Add(Error(source, ex.Start, PolicyErrorKind.Syntax, "YAML syntax error: " + StripMarks(ex.Message)));
            return null;
        }
    }

    private static YNode ReadNode(IParser parser, string source, List<PolicyError> errors, int depth)
    {
        ParsingEvent current = parser.Current ?? throw new YamlException("unexpected end of input");
        if (depth > MaxDepth)
        {
            throw new YamlException(current.Start, current.End, $"nesting deeper than {MaxDepth} levels");
        }

        if (current is NodeEvent node)
        {
            if (!node.Anchor.IsEmpty)
            {
                errors.Add(Error(source, node.Start, PolicyErrorKind.UnsupportedYaml, $"anchors (&{node.Anchor.Value}) are not supported in policies; write the value out"));
            }

            if (!node.Tag.IsEmpty && !s_allowedTags.Contains(node.Tag.Value))
            {
                errors.Add(Error(source, node.Start, PolicyErrorKind.UnsupportedYaml, $"tag '{node.Tag.Value}' is not supported in policies"));
            }
        }

        switch (current)
        {
            case Scalar scalar:
                parser.MoveNext();
                return new YScalar(scalar.Start, scalar.Value, scalar.Style, scalar.Tag.IsEmpty ? null : scalar.Tag.Value);

            case SequenceStart start:
            {
                parser.MoveNext();
                var items = new List<YNode>();
                while (!parser.TryConsume<SequenceEnd>(out _))
                {
                    items.Add(ReadNode(parser, source, errors, depth + 1));
                }

                return new YSequence(start.Start, items);
            }

            case MappingStart start:
            {
                parser.MoveNext();
                var entries = new List<KeyValuePair<YNode, YNode>>();
                while (!parser.TryConsume<MappingEnd>(out _))
                {
                    YNode key = ReadNode(parser, source, errors, depth + 1);
                    YNode value = ReadNode(parser, source, errors, depth + 1);
                    entries.Add(new KeyValuePair<YNode, YNode>(key, value));
                }

                return new YMapping(start.Start, entries);
            }

            case AnchorAlias alias:
                parser.MoveNext();
                errors.Add(Error(source, alias.Start, PolicyErrorKind.UnsupportedYaml, $"aliases (*{alias.Value.Value}) are not supported in policies; write the value out"));
                return new YInvalid(alias.Start);

            default:
                throw new YamlException(current.Start, current.End, $"unexpected {current.GetType().Name}");
        }
    }

    internal static PolicyError Error(string source, Mark mark, PolicyErrorKind kind, string message) =>
        new(new SourceLocation(source, (int)Math.Max(1, mark.Line), (int)Math.Max(1, mark.Column)), kind, message);

    // YamlException prefixes its message with "(Line: 1, Col: 2, Idx: 3) - (Line: ...): ".
    private static string StripMarks(string message) => MarkPrefix().Replace(message, string.Empty);

    [GeneratedRegex(@"^\(Line: \d+, Col: \d+, Idx: \d+\) - \(Line: \d+, Col: \d+, Idx: \d+\): ")]
    private static partial Regex MarkPrefix();
}
