using System.CommandLine;
using MaskingProxy.SqlRewriter.Policies;

namespace MaskingProxy.Proxy.Cli;

/// <summary><c>maskingproxy policy check POLICY.yaml</c>: validate a policy the way the proxy loads it.</summary>
public static class PolicyCommand
{
    public static Command Create()
    {
        var policy = new Command("policy", "Validate and dry-run masking policies.");
        policy.Subcommands.Add(CreateCheck());
        return policy;
    }

    private static Command CreateCheck()
    {
        var file = new Argument<string>("POLICY") { Description = "Policy YAML file (SPEC §3)." };
        var check = new Command("check", "Validate a policy; exit 0 when valid, 1 when invalid.") { file };
        check.SetAction(result => Check(result.GetValue(file)!, Console.Out, Console.Error));
        return check;
    }

    /// <summary>Prints every error and warning as file:line:column and a one-line verdict.</summary>
    public static int Check(string path, TextWriter output, TextWriter error)
    {
        var (loaded, problems) = PolicyLoader.TryLoadFile(path);
        foreach (var problem in problems)
        {
            (problem.Severity == PolicyErrorSeverity.Error ? error : output).WriteLine(problem.ToString());
        }
        if (loaded is null)
        {
            error.WriteLine($"{path}: invalid ({problems.Count(p => p.Severity == PolicyErrorSeverity.Error)} error(s))");
            return 1;
        }
        output.WriteLine($"{path}: valid policy '{loaded.Name}', {loaded.Rules.Count} rule(s), version {loaded.Version}");
        return 0;
    }
}
