using YamlDotNet.RepresentationModel;

namespace MaskingProxy.SqlRewriter.Tests.Rewriting.Golden;

/// <summary>Reads golden files (YAML: file defaults, then <c>cases:</c>).</summary>
public static class GoldenFileReader
{
    public static GoldenFile Read(string path)
    {
        string text = File.ReadAllText(path);
        var stream = new YamlStream();
        using (var reader = new StringReader(text))
        {
            stream.Load(reader);
        }

        var root = (YamlMappingNode)stream.Documents[0].RootNode;
        string name = System.IO.Path.GetFileName(path);
        var file = new GoldenFile
        {
            Path = path,
            Name = name,
            Header = string.Join("\n", text.Split('\n').TakeWhile(l => l.StartsWith('#'))),
            Policy = Scalar(root, "policy") ?? "policy.yaml",
            Login = Scalar(root, "login") ?? "app_user",
            SearchPath = Scalar(root, "search_path"),
        };

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (YamlNode node in Sequence(root, "cases"))
        {
            var item = (YamlMappingNode)node;
            string caseName = Scalar(item, "name") ?? throw new InvalidDataException($"{name}: a case has no name");
            if (!seen.Add(caseName))
            {
                throw new InvalidDataException($"{name}: duplicate case name {caseName}");
            }

            var golden = new GoldenCase
            {
                File = name,
                Name = caseName,
                Sql = Scalar(item, "sql") ?? throw new InvalidDataException($"{name}: case {caseName} has no sql"),
                Login = Scalar(item, "login"),
                SearchPath = Scalar(item, "search_path"),
                Parameters = Strings(item, "parameters"),
                Temporary = Strings(item, "temporary"),
            };
            if (Scalar(item, "verdict") is { } verdict)
            {
                golden.Expected = new GoldenOutcome
                {
                    Verdict = verdict,
                    Rewritten = Scalar(item, "rewritten"),
                    Deny = Scalar(item, "deny"),
                    Transforms = Strings(item, "transforms"),
                    Masked = Strings(item, "masked"),
                    Effects = Strings(item, "effects"),
                    Warnings = Strings(item, "warnings"),
                };
            }

            file.Cases.Add(golden);
        }

        return file;
    }

    private static string? Scalar(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out YamlNode? value) && value is YamlScalarNode scalar ? scalar.Value : null;

    private static IEnumerable<YamlNode> Sequence(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out YamlNode? value) && value is YamlSequenceNode sequence ? sequence.Children : [];

    private static List<string> Strings(YamlMappingNode map, string key) =>
        [.. Sequence(map, key).OfType<YamlScalarNode>().Select(s => s.Value ?? string.Empty)];
}
