using System.CommandLine;
using MaskingProxy.Proxy.Cli;

namespace MaskingProxy.Proxy;

public static class Program
{
    public static Task<int> Main(string[] args)
    {
        // Run socket continuations on the event thread instead of hopping to the thread pool:
        // a relay does little work per completion, and the hop would cost more than the work.
        // Must be set before the first socket is created; an explicit setting wins.
        if (Environment.GetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS") is null)
        {
            Environment.SetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS", "1");
        }
        var root = new RootCommand("MaskingProxy: an auditing, data-masking SQL proxy.")
        {
            RunCommand.Create(),
            KeysCommand.Create(),
            AuditCommands.Create(),
            PolicyCommand.Create(),
        };
        // The host handles SIGTERM itself (drain); the parser must not race it with its own timeout.
        return root.Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });
    }
}
