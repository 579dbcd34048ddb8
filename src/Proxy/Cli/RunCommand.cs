using System.CommandLine;
using MaskingProxy.Proxy.Auditing;
using MaskingProxy.Proxy.Hosting;
using MaskingProxy.Proxy.Hosting.Config;
using MaskingProxy.Proxy.Masking;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

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
        using var loggerFactory = LoggerFactory.Create(ProxyLogging.Configure);
        AuditComponents? audit = null;
        try
        {
            // The audit log opens first: a policy load (accepted or not) is itself a record.
            audit = loaded.Audit is { } auditConfig ? AuditSetup.Open(auditConfig, loggerFactory) : null;
            IAuditSink sink = audit is null ? NullAuditSink.Instance : audit.Sink;
            var (interceptor, maskingServices) = MaskingSetup.Create(loaded, sink, loggerFactory);
            var components = new ProxyComponents(interceptor, sink)
            {
                Services = [.. audit?.Services ?? [], .. maskingServices],
                MetricsSources = [.. audit?.MetricsSources ?? []],
            };
            using var host = ProxyHost.Build(loaded, components);
            await host.RunAsync().ConfigureAwait(false);
            return 0;
        }
        catch (Exception ex) when (ex is AuditStartupException or MaskingStartupException or IOException or System.Net.Sockets.SocketException or System.Security.Cryptography.CryptographicException)
        {
            await Console.Error.WriteLineAsync($"maskingproxy: {ex.Message}").ConfigureAwait(false);
            return 1;
        }
        finally
        {
            if (audit is not null)
            {
                await audit.DisposeAsync().ConfigureAwait(false);
            }
        }
    }
}
