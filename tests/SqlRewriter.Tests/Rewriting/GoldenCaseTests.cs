using System.Text;
using MaskingProxy.SqlRewriter.Tests.Rewriting.Golden;
using Xunit;

namespace MaskingProxy.SqlRewriter.Tests.Rewriting;

/// <summary>
/// The golden corpus (Cases/postgres/*.yaml): every case is rewritten against catalog.json and the case's
/// policy and compared with the recorded outcome. Set MASKINGPROXY_UPDATE_GOLDEN=1 to rewrite the files with
/// the current outcomes — then read the diff: a golden file that records a leak is a defect, not a baseline.
/// </summary>
public sealed class GoldenCaseTests
{
    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (string path in GoldenCorpus.CaseFiles())
        {
            foreach (GoldenCase golden in GoldenFileReader.Read(path).Cases)
            {
                data.Add(Path.GetFileName(path), golden.Name);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Case_matches_its_golden_outcome(string file, string name)
    {
        if (GoldenCorpus.UpdateRequested)
        {
            return;
        }

        GoldenFile golden = GoldenFileReader.Read(Path.Combine(GoldenCorpus.Directory, file));
        GoldenCase item = golden.Cases.Single(c => c.Name == name);
        Assert.True(item.Expected is not null, $"{file}: {name} has no recorded outcome; run with {GoldenCorpus.UpdateVariable}=1 and review");
        GoldenOutcome actual = GoldenRunner.Run(golden, item);
        List<string> differences = item.Expected!.Differences(actual);
        Assert.True(differences.Count == 0, $"{file}: {name}\n{string.Join("\n", differences)}");
    }

    [Fact]
    public void Corpus_holds_at_least_200_cases()
    {
        Assert.True(Cases().Count >= 200, $"only {Cases().Count} golden cases");
    }

    [Fact]
    public void Rewritten_texts_expand_back_to_what_the_rewriter_produced()
    {
        // Placeholders abbreviate masking subqueries; expansion must be exact for the comparison to mean anything.
        foreach ((string placeholder, string text) in GoldenRunner.Substitutes("policy.yaml", "app_user"))
        {
            Assert.Equal(text, GoldenRunner.Expand(placeholder, "policy.yaml", "app_user"));
            Assert.StartsWith("(SELECT ", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Regenerate_golden_files_when_requested()
    {
        if (!GoldenCorpus.UpdateRequested)
        {
            return;
        }

        var substitutes = new StringBuilder("# Masking subqueries that {{schema.relation}} stands for in rewritten texts (generated).\n");
        var pairs = new SortedSet<string>(StringComparer.Ordinal);
        foreach (string path in GoldenCorpus.CaseFiles())
        {
            GoldenFile file = GoldenFileReader.Read(path);
            foreach (GoldenCase item in file.Cases)
            {
                item.Expected = GoldenRunner.Run(file, item);
                pairs.Add(file.Policy + "\u0001" + (item.Login ?? file.Login));
            }

            File.WriteAllText(path, GoldenFileWriter.Write(file));
        }

        foreach (string pair in pairs)
        {
            string[] parts = pair.Split('\u0001');
            substitutes.Append($"{parts[0]} / {parts[1]}:\n");
            foreach ((string placeholder, string text) in GoldenRunner.Substitutes(parts[0], parts[1]))
            {
                substitutes.Append($"  \"{placeholder}\": \"{text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)}\"\n");
            }
        }

        File.WriteAllText(Path.Combine(GoldenCorpus.Directory, "substitutes.yaml"), substitutes.ToString());
    }
}
