using System.CommandLine;
using MaskingProxy.Proxy.Hosting;
using MaskingProxy.Proxy.Hosting.Config;
using Microsoft.Extensions.Hosting;

namespace MaskingProxy.Proxy.Cli;

/// <summary><c>maskingproxy run [--config maskingproxy.yaml]</c>: serve until SIGTERM/SIGINT, then drain.</summary>
public static class RunCommand
{
    public static Command Create()
    {
        var config = new Option<string>("--config", "-c")
        {
            Description = "Path of the proxy config (SPEC §8).",
            DefaultValueFactory = _ => "maskingproxy.yaml",
        };
        var command = new Command("run", "Run the proxy.") { config };
        command.SetAction((result, _) => RunAsync(result.GetValue(config)!));
        return command;
    }

    private static async Task<int> RunAsync(string path)
    {
        var (loaded, errors) = ConfigLoader.Load(path);
        if (loaded is null)
        {
            foreach (var error in errors)
            {
                await Console.Error.WriteLineAsync(error.ToString()).ConfigureAwait(false);
            }
            return 1;
        }
        using var host = ProxyHost.Build(loaded, ProxyComponents.Passthrough);
        try
        {
            await host.RunAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or System.Net.Sockets.SocketException or System.Security.Cryptography.CryptographicException)
        {
            await Console.Error.WriteLineAsync($"maskingproxy: {ex.Message}").ConfigureAwait(false);
            return 1;
        }
        return 0;
    }
}
