using System.Text.RegularExpressions;
using MaskingProxy.SqlRewriter.Catalog;

namespace MaskingProxy.SqlRewriter.Policies.Yaml;

/// <summary>Turns a YAML tree into a <see cref="Policy"/>, reporting every problem found.</summary>
internal static partial class PolicyDocumentReader
{
    public const int SupportedFormatVersion = 1;

    private static readonly string[] s_topKeys = ["version", "name", "exempt", "defaults", "rules", "allowed_functions"];
    private static readonly string[] s_defaultsKeys = ["unparseable", "predicates", "copy_out", "dynamic_sql"];
    private static readonly string[] s_ruleKeys = ["id", "columns", "mask", "predicates", "unmask"];

    private static readonly (string, UnparseableAction)[] s_unparseable = [("deny", UnparseableAction.Deny), ("allow", UnparseableAction.Allow)];
    private static readonly (string, PredicateMode)[] s_predicates = [("mask", PredicateMode.Mask), ("allow", PredicateMode.Allow), ("deny", PredicateMode.Deny)];
    private static readonly (string, CopyOutMode)[] s_copyOut = [("mask", CopyOutMode.Mask), ("deny", CopyOutMode.Deny)];
    private static readonly (string, DynamicSqlMode)[] s_dynamicSql = [("deny", DynamicSqlMode.Deny), ("allow", DynamicSqlMode.Allow)];

    /// <summary>Reads the policy; returns null if any error was recorded.</summary>
    public static Policy? Read(YNode root, YamlValueReader r, string version, IColumnTypeLookup? columnTypes)
    {
        int errorsBefore = r.Errors.Count(e => e.Severity == PolicyErrorSeverity.Error);
        Dictionary<string, (YNode Key, YNode Value)>? top = r.Mapping(root, "the policy", s_topKeys);
        if (top is null)
        {
            return null;
        }

        int? format = null;
        if (r.Required(top, root, "version", "the policy") is YNode versionNode)
        {
            format = r.Integer(versionNode, "version");
            if (format is not null and not SupportedFormatVersion)
            {
                r.Error(versionNode, PolicyErrorKind.BadValue, $"unsupported policy format version {format}; this build reads version {SupportedFormatVersion}");
            }
        }

        string? name = null;
        if (r.Required(top, root, "name", "the policy") is YNode nameNode)
        {
            name = r.Text(nameNode, "name");
            if (name is { Length: 0 })
            {
                r.Error(nameNode, PolicyErrorKind.BadValue, "name must not be empty");
            }
        }

        List<(string Value, YNode Node)> exempt = YamlValueReader.Optional(top, "exempt") is YNode exemptNode
            ? r.TextList(exemptNode, "exempt") ?? []
            : [];

        PolicyDefaults defaults = YamlValueReader.Optional(top, "defaults") is YNode defaultsNode
            ? ReadDefaults(r, defaultsNode)
            : PolicyDefaults.Restrictive;

        List<string> functions = YamlValueReader.Optional(top, "allowed_functions") is YNode functionsNode
            ? ReadFunctions(r, functionsNode)
            : [];

        var rules = new List<(PolicyRule Rule, List<YNode> PatternNodes)>();
        if (r.Required(top, root, "rules", "the policy") is YNode rulesNode)
        {
            ReadRules(r, rulesNode, rules);
        }

        if (columnTypes is not null)
        {
            CheckColumnTypes(r, rules, columnTypes);
        }

        bool failed = r.Errors.Count(e => e.Severity == PolicyErrorSeverity.Error) > errorsBefore;
        return failed
            ? null
            : new Policy(version, format!.Value, name!, exempt.ConvertAll(e => e.Value), defaults, rules.ConvertAll(x => x.Rule), functions, r.Source);
    }

    private static PolicyDefaults ReadDefaults(YamlValueReader r, YNode node)
    {
        PolicyDefaults defaults = PolicyDefaults.Restrictive;
        Dictionary<string, (YNode Key, YNode Value)>? map = r.Mapping(node, "defaults", s_defaultsKeys);
        if (map is null)
        {
            return defaults;
        }

        if (YamlValueReader.Optional(map, "unparseable") is YNode u && r.Enum(u, "defaults.unparseable", s_unparseable) is UnparseableAction ua)
        {
            defaults = defaults with { Unparseable = ua };
        }

        if (YamlValueReader.Optional(map, "predicates") is YNode p && r.Enum(p, "defaults.predicates", s_predicates) is PredicateMode pm)
        {
            defaults = defaults with { Predicates = pm };
        }

        if (YamlValueReader.Optional(map, "copy_out") is YNode c && r.Enum(c, "defaults.copy_out", s_copyOut) is CopyOutMode cm)
        {
            defaults = defaults with { CopyOut = cm };
        }

        if (YamlValueReader.Optional(map, "dynamic_sql") is YNode d && r.Enum(d, "defaults.dynamic_sql", s_dynamicSql) is DynamicSqlMode dm)
        {
            defaults = defaults with { DynamicSql = dm };
        }

        return defaults;
    }

    private static List<string> ReadFunctions(YamlValueReader r, YNode node)
    {
        var result = new List<string>();
        foreach ((string text, YNode item) in r.TextList(node, "allowed_functions") ?? [])
        {
            if (!ColumnPattern.TryParseParts(text, allowWildcards: false, out List<IdentifierGlob>? parts, out string? error))
            {
                r.Error(item, PolicyErrorKind.BadGlob, $"allowed_functions: {error}");
            }
            else if (parts.Count > 2)
            {
                r.Error(item, PolicyErrorKind.BadGlob, $"allowed_functions: '{text}' must be function or schema.function");
            }
            else
            {
                result.Add(text);
            }
        }

        return result;
    }

    private static void ReadRules(YamlValueReader r, YNode node, List<(PolicyRule, List<YNode>)> rules)
    {
        if (node is YInvalid)
        {
            return;
        }

        if (node is not YSequence sequence)
        {
            r.Error(node, PolicyErrorKind.WrongType, $"rules must be a list, not {node.Describe()}");
            return;
        }

        var ids = new Dictionary<string, YNode>(StringComparer.Ordinal);
        for (int index = 0; index < sequence.Items.Count; index++)
        {
            YNode item = sequence.Items[index];
            if (ReadRule(r, item, index, ids) is (PolicyRule, List<YNode>) rule)
            {
                rules.Add(rule);
            }
        }
    }

    private static (PolicyRule, List<YNode>)? ReadRule(YamlValueReader r, YNode node, int index, Dictionary<string, YNode> ids)
    {
        int errorsBefore = r.Errors.Count;
        string label = PeekId(node) is string peeked ? $"rule '{peeked}'" : $"rule #{index + 1}";
        Dictionary<string, (YNode Key, YNode Value)>? map = r.Mapping(node, label, s_ruleKeys);
        if (map is null)
        {
            return null;
        }

        string? id = null;
        if (r.Required(map, node, "id", label) is YNode idNode && r.Text(idNode, $"{label}: id") is string text)
        {
            if (!RuleIdSyntax().IsMatch(text))
            {
                r.Error(idNode, PolicyErrorKind.BadValue, $"{label}: id '{text}' must be letters, digits, '-', '_' or '.', starting with a letter or digit");
            }
            else if (ids.TryGetValue(text, out YNode? first))
            {
                r.Error(idNode, PolicyErrorKind.DuplicateRuleId, $"duplicate rule id '{text}' (first defined at line {first.Start.Line}, column {first.Start.Column})");
            }
            else
            {
                ids[text] = idNode;
                id = text;
            }
        }

        var patterns = new List<ColumnPattern>();
        var patternNodes = new List<YNode>();
        if (r.Required(map, node, "columns", label) is YNode columnsNode && r.TextList(columnsNode, $"{label}: columns") is { } columns)
        {
            if (columns.Count == 0 && columnsNode is YSequence)
            {
                r.Error(columnsNode, PolicyErrorKind.BadValue, $"{label}: columns must list at least one schema.table.column pattern");
            }

            foreach ((string value, YNode item) in columns)
            {
                if (ColumnPattern.TryParse(value, out ColumnPattern? pattern, out string? error))
                {
                    patterns.Add(pattern);
                    patternNodes.Add(item);
                }
                else
                {
                    r.Error(item, PolicyErrorKind.BadGlob, $"{label}: {error}");
                }
            }
        }

        MaskSpec? mask = r.Required(map, node, "mask", label) is YNode maskNode ? MaskSpecReader.Read(r, maskNode, id ?? label) : null;

        PredicateMode? predicates = YamlValueReader.Optional(map, "predicates") is YNode predicatesNode
            ? r.Enum(predicatesNode, $"{label}: predicates", s_predicates)
            : null;

        List<string> unmask = YamlValueReader.Optional(map, "unmask") is YNode unmaskNode
            ? (r.TextList(unmaskNode, $"{label}: unmask") ?? []).ConvertAll(x => x.Value)
            : [];

        if (r.Errors.Count > errorsBefore || id is null || mask is null)
        {
            return null;
        }

        return (new PolicyRule(id, patterns, mask, predicates, unmask, r.Location(node)), patternNodes);
    }

    // Messages about a rule read better with its id, even those reported before the id is validated.
    private static string? PeekId(YNode node) =>
        node is YMapping mapping
            ? mapping.Entries.Select(e => (e.Key as YScalar)?.Value == "id" ? (e.Value as YScalar)?.Value : null).FirstOrDefault(v => !string.IsNullOrEmpty(v))
            : null;

    private static void CheckColumnTypes(YamlValueReader r, List<(PolicyRule Rule, List<YNode> PatternNodes)> rules, IColumnTypeLookup lookup)
    {
        List<CatalogColumn> catalog = lookup.EnumerateColumns().ToList();
        foreach ((PolicyRule rule, List<YNode> nodes) in rules)
        {
            for (int i = 0; i < rule.Columns.Count; i++)
            {
                ColumnPattern pattern = rule.Columns[i];
                bool any = false;
                foreach (CatalogColumn column in catalog)
                {
                    if (!pattern.Matches(column.Schema, column.Table, column.Column))
                    {
                        continue;
                    }

                    any = true;
                    string? problem = MaskCompatibility.Check(rule.Mask, column.TypeName);
                    if (problem is not null)
                    {
                        r.Error(nodes[i], PolicyErrorKind.MaskTypeMismatch, $"rule '{rule.Id}': {problem} ({column.Schema}.{column.Table}.{column.Column} is {column.TypeName})");
                    }
                }

                if (!any)
                {
                    r.Warning(nodes[i], PolicyErrorKind.NoMatchingColumn, $"rule '{rule.Id}': pattern '{pattern.Text}' matches no column in the catalog");
                }
            }
        }
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_.-]*$")]
    private static partial Regex RuleIdSyntax();
}
