using System.Text.RegularExpressions;

namespace MaskingProxy.SqlRewriter.Policies.Yaml;

/// <summary>Reads a rule's <c>mask</c> value (SPEC §3 forms).</summary>
internal static partial class MaskSpecReader
{
    private static readonly string[] s_types = ["keep", "email", "replace", "truncate", "round", "null", "hash"];
    private static readonly string[] s_mappingKeys = [.. s_types, "key_env", "length"];
    private static readonly string[] s_keepKeys = ["first", "last"];

    private static readonly (string, TruncateUnit)[] s_units =
        [("year", TruncateUnit.Year), ("month", TruncateUnit.Month), ("day", TruncateUnit.Day), ("hour", TruncateUnit.Hour), ("minute", TruncateUnit.Minute)];

    private static readonly (string, HashAlgorithmKind)[] s_algorithms = [("sm3", HashAlgorithmKind.Sm3)];

    private static string Expected => "keep, email, replace, truncate, round, null or hash";

    public static MaskSpec? Read(YamlValueReader r, YNode node, string rule)
    {
        string what = $"mask of rule '{rule}'";
        switch (node)
        {
            case YInvalid:
                return null;

            case YScalar { IsEmpty: true }:
                // `mask:` with nothing after it is almost certainly unfinished, not a request for NULL.
                r.Error(node, PolicyErrorKind.MissingKey, $"{what} has no value; write 'mask: null' for NULL, or one of {Expected}");
                return null;

            case YScalar { IsNull: true }:
                return new NullMask();

            case YScalar scalar:
                return scalar.Value switch
                {
                    "email" => new EmailMask(),
                    "null" => new NullMask(),
                    "keep" or "replace" or "truncate" or "round" or "hash" =>
                        Fail(r, node, PolicyErrorKind.WrongType, $"{what}: '{scalar.Value}' needs parameters, e.g. {Example(scalar.Value)}"),
                    _ => Fail(r, node, PolicyErrorKind.BadValue, $"{what}: unknown mask '{scalar.Value}'; expected {Expected}"),
                };

            case YMapping:
                return ReadMapping(r, node, what);

            default:
                return Fail(r, node, PolicyErrorKind.WrongType, $"{what} must be a mask name or mapping, not {node.Describe()}");
        }
    }

    private static MaskSpec? ReadMapping(YamlValueReader r, YNode node, string what)
    {
        Dictionary<string, (YNode Key, YNode Value)>? map = r.Mapping(node, what, s_mappingKeys);
        if (map is null)
        {
            return null;
        }

        var types = s_types.Where(map.ContainsKey).ToList();
        if (types.Count == 0)
        {
            return Fail(r, node, PolicyErrorKind.MissingKey, $"{what} names no mask type; expected one of {Expected}");
        }

        if (types.Count > 1)
        {
            return Fail(r, map[types[1]].Key, PolicyErrorKind.BadValue, $"{what} has more than one mask type ({string.Join(", ", types)}); a rule applies exactly one");
        }

        string type = types[0];
        if (type != "hash")
        {
            foreach (string hashOnly in new[] { "key_env", "length" })
            {
                if (map.TryGetValue(hashOnly, out (YNode Key, YNode Value) extra))
                {
                    r.Error(extra.Key, PolicyErrorKind.UnknownKey, $"'{hashOnly}' only applies to hash masks, not '{type}'");
                }
            }
        }

        YNode value = map[type].Value;
        return type switch
        {
            "keep" => ReadKeep(r, value, what),
            "email" => NoParameters(r, value, what, type) ? new EmailMask() : null,
            "null" => NoParameters(r, value, what, type) ? new NullMask() : null,
            "replace" => ReadReplace(r, value, what),
            "truncate" => r.Enum(value, $"{what}: truncate", s_units) is TruncateUnit unit ? new TruncateMask(unit) : null,
            "round" => ReadRound(r, value, what),
            _ => ReadHash(r, node, map, what),
        };
    }

    private static KeepMask? ReadKeep(YamlValueReader r, YNode node, string what)
    {
        Dictionary<string, (YNode Key, YNode Value)>? map = r.Mapping(node, $"{what}: keep", s_keepKeys);
        if (map is null)
        {
            return null;
        }

        int? first = 0;
        int? last = 0;
        bool ok = true;
        foreach (string key in s_keepKeys)
        {
            if (YamlValueReader.Optional(map, key) is not YNode n)
            {
                continue;
            }

            int? v = r.Integer(n, $"{what}: keep.{key}");
            if (v is < 0)
            {
                r.Error(n, PolicyErrorKind.OutOfRange, $"{what}: keep.{key} must not be negative ({v})");
                v = null;
            }

            ok &= v is not null;
            if (key == "first")
            {
                first = v;
            }
            else
            {
                last = v;
            }
        }

        if (!ok)
        {
            return null;
        }

        if (first == 0 && last == 0)
        {
            return Fail<KeepMask>(r, node, PolicyErrorKind.OutOfRange, $"{what}: keep must keep at least one character (first or last > 0); use replace or null to hide whole values");
        }

        return new KeepMask(first!.Value, last!.Value);
    }

    private static ReplaceMask? ReadReplace(YamlValueReader r, YNode node, string what)
    {
        string? text = r.Text(node, $"{what}: replace");
        if (text is null)
        {
            return null;
        }

        if (text.Contains('\0', StringComparison.Ordinal))
        {
            return Fail<ReplaceMask>(r, node, PolicyErrorKind.BadValue, $"{what}: replace text must not contain NUL characters");
        }

        return new ReplaceMask(text);
    }

    private static RoundMask? ReadRound(YamlValueReader r, YNode node, string what)
    {
        decimal? step = r.Number(node, $"{what}: round");
        if (step is null)
        {
            return null;
        }

        if (step <= 0)
        {
            return Fail<RoundMask>(r, node, PolicyErrorKind.OutOfRange, $"{what}: round step must be positive, not {step}");
        }

        return new RoundMask(step.Value);
    }

    private static HashMask? ReadHash(YamlValueReader r, YNode owner, Dictionary<string, (YNode Key, YNode Value)> map, string what)
    {
        HashAlgorithmKind? algorithm = r.Enum(map["hash"].Value, $"{what}: hash", s_algorithms);

        string? keyEnv = null;
        if (r.Required(map, owner, "key_env", $"{what} (hash)") is YNode keyNode)
        {
            keyEnv = r.Text(keyNode, $"{what}: key_env");
            if (keyEnv is not null && !EnvironmentName().IsMatch(keyEnv))
            {
                r.Error(keyNode, PolicyErrorKind.BadValue, $"{what}: key_env '{keyEnv}' is not an environment variable name ([A-Za-z_][A-Za-z0-9_]*)");
                keyEnv = null;
            }
        }

        int? length = HashMask.MaxLength;
        if (YamlValueReader.Optional(map, "length") is YNode lengthNode)
        {
            length = r.Integer(lengthNode, $"{what}: length");
            if (length is not null and (< 1 or > HashMask.MaxLength))
            {
                r.Error(lengthNode, PolicyErrorKind.OutOfRange, $"{what}: length must be between 1 and {HashMask.MaxLength} hex characters, not {length}");
                length = null;
            }
        }

        return algorithm is null || keyEnv is null || length is null ? null : new HashMask(algorithm.Value, keyEnv, length.Value);
    }

    private static bool NoParameters(YamlValueReader r, YNode node, string what, string type)
    {
        if (node is YScalar { IsNull: true } || node is YMapping { Entries.Count: 0 })
        {
            return true;
        }

        r.Error(node, PolicyErrorKind.WrongType, $"{what}: '{type}' takes no parameters");
        return false;
    }

    private static string Example(string type) => type switch
    {
        "keep" => "{ keep: { first: 3, last: 4 } }",
        "replace" => "{ replace: \"[REDACTED]\" }",
        "truncate" => "{ truncate: year }",
        "round" => "{ round: 1000 }",
        _ => "{ hash: sm3, key_env: MASKING_HASH_KEY, length: 16 }",
    };

    private static MaskSpec? Fail(YamlValueReader r, YNode node, PolicyErrorKind kind, string message) =>
        Fail<MaskSpec>(r, node, kind, message);

    private static T? Fail<T>(YamlValueReader r, YNode node, PolicyErrorKind kind, string message)
        where T : MaskSpec
    {
        r.Error(node, kind, message);
        return null;
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex EnvironmentName();
}
