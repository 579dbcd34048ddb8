using System.CommandLine;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;

namespace MaskingProxy.Proxy.Cli;

/// <summary>
/// Runs a command's handler even when parsing failed, so a usage error exits with
/// <paramref name="usageExitCode"/> (2, unusable input) instead of System.CommandLine's 1, which for
/// <c>policy explain</c> means "denied" and for <c>audit verify</c> "broken": a typo must not read as a verdict.
/// </summary>
internal sealed class UsageErrorAction(int usageExitCode, Func<ParseResult, CancellationToken, Task<int>> handler) : AsynchronousCommandLineAction
{
    public override bool ClearsParseErrors => true;

    public override async Task<int> InvokeAsync(ParseResult parseResult, CancellationToken cancellationToken = default)
    {
        // Clearing parse errors also drops the ones for unknown tokens: report those ourselves.
        var problems = parseResult.Errors.Select(e => e.Message)
            .Concat(parseResult.UnmatchedTokens.Select(t => $"Unrecognized command or argument '{t}'."))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        if (problems.Count == 0)
        {
            return await handler(parseResult, cancellationToken).ConfigureAwait(false);
        }

        var stderr = parseResult.InvocationConfiguration.Error;
        var command = CommandPath(parseResult.CommandResult);
        foreach (var problem in problems)
        {
            await stderr.WriteLineAsync($"{command}: {problem}").ConfigureAwait(false);
        }

        await stderr.WriteLineAsync("Run with --help for usage.").ConfigureAwait(false);
        return usageExitCode;
    }

    /// <summary>"maskingproxy policy explain": the subcommand names under the root.</summary>
    private static string CommandPath(CommandResult result)
    {
        var names = new List<string>();
        for (var current = result; current.Parent is CommandResult parent; current = parent)
        {
            names.Insert(0, current.Command.Name);
        }
        return "maskingproxy " + string.Join(' ', names);
    }
}
