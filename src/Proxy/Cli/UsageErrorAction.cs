using System.CommandLine;
using System.CommandLine.Invocation;

namespace MaskingProxy.Proxy.Cli;

/// <summary>
/// Runs <c>policy explain</c> even when parsing failed, so a usage error exits 2 (unusable input) instead of
/// System.CommandLine's 1, which for explain means "denied": a typo must not read as a verdict.
/// </summary>
internal sealed class ExplainExitCodeAction(Func<ParseResult, CancellationToken, Task<int>> handler) : AsynchronousCommandLineAction
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
        foreach (var problem in problems)
        {
            await stderr.WriteLineAsync($"maskingproxy policy explain: {problem}").ConfigureAwait(false);
        }

        await stderr.WriteLineAsync("Run with --help for usage.").ConfigureAwait(false);
        return PolicyExplainCommand.Unusable;
    }
}
