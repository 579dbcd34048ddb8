using MaskingProxy.Proxy.Cli;
using Xunit;

namespace MaskingProxy.Proxy.Tests.Cli;

public sealed class PolicyCheckTests
{
    [Fact]
    public void Check_ValidPolicy_ExitZeroWithVersion()
    {
        var path = Write("""
            version: 1
            name: demo
            rules:
              - id: mobile
                columns: ["*.*.phone"]
                mask: { keep: { first: 3, last: 4 } }
            """);
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exit = PolicyCommand.Check(path, null, output, error);

        Assert.Equal(0, exit);
        Assert.Matches("valid policy 'demo', 1 rule\\(s\\), version [0-9a-f]{64}", output.ToString());
        Assert.Equal(string.Empty, error.ToString());
    }

    [Fact]
    public void Check_InvalidPolicy_ExitOneWithLocatedErrors()
    {
        var path = Write("""
            version: 1
            name: broken
            rules:
              - id: a
                columns: ["*.*.phone"]
                mask: { keep: { first: 3 } }
                colour: red
              - id: a
                columns: ["*.*.email"]
                mask: email
            """);
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exit = PolicyCommand.Check(path, null, output, error);

        Assert.Equal(1, exit);
        var text = error.ToString();
        Assert.Contains($"{path}:7:5", text, StringComparison.Ordinal);
        Assert.Contains("colour", text, StringComparison.Ordinal);
        Assert.Contains($"{path}:8:", text, StringComparison.Ordinal);
        Assert.Contains("invalid (2 error(s))", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_MaskThatDoesNotFitColumnType_ErrorWithCatalog()
    {
        var path = Write("""
            version: 1
            name: typed
            rules:
              - id: salary-as-text
                columns: ["hr.employees.salary"]
                mask: { keep: { first: 1 } }
            """);
        var catalog = MaskingProxy.SqlRewriter.Catalog.CatalogJson.Load(GoldenCatalogPath());
        using var output = new StringWriter();
        using var error = new StringWriter();

        Assert.Equal(0, PolicyCommand.Check(path, null, output, error));
        Assert.Equal(1, PolicyCommand.Check(path, catalog, output, error));

        Assert.Contains($"{path}:5:", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("numeric", error.ToString(), StringComparison.Ordinal);
    }

    /// <summary>The catalog dump the rewriter's golden corpus runs against (healthcare + hr sample schema).</summary>
    private static string GoldenCatalogPath()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "MaskingProxy.sln")))
        {
            dir = dir.Parent;
        }
        return Path.Combine(dir!.FullName, "tests", "SqlRewriter.Tests", "Cases", "postgres", "catalog.json");
    }

    private static string Write(string yaml)
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("mp-policy-").FullName, "policy.yaml");
        File.WriteAllText(path, yaml);
        return path;
    }
}
