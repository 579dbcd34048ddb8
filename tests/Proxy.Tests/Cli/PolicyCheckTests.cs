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

        var exit = PolicyCommand.Check(path, output, error);

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

        var exit = PolicyCommand.Check(path, output, error);

        Assert.Equal(1, exit);
        var text = error.ToString();
        Assert.Contains($"{path}:7:5", text, StringComparison.Ordinal);
        Assert.Contains("colour", text, StringComparison.Ordinal);
        Assert.Contains($"{path}:8:", text, StringComparison.Ordinal);
        Assert.Contains("invalid (2 error(s))", text, StringComparison.Ordinal);
    }

    private static string Write(string yaml)
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("mp-policy-").FullName, "policy.yaml");
        File.WriteAllText(path, yaml);
        return path;
    }
}
