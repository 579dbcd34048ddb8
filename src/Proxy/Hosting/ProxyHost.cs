using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging;

namespace MaskingProxy.Proxy.Hosting;

/// <summary>
/// Builds the process: structured JSON logs, the proxy service, and — only when admin.listen is
/// configured — Kestrel serving the admin endpoint (without it no HTTP port is opened at all).
/// </summary>
public static class ProxyHost
{
    public static IHost Build(ProxyConfig config, ProxyComponents components)
    {
        // The empty builders: no appsettings.json, no environment-variable configuration and, above
        // all, no file watcher waking the process whenever a file in the working folder changes.
        if (config.Admin.Listen is not { } admin)
        {
            var plain = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { Args = [] });
            Configure(plain.Logging, plain.Services, config, components);
            return plain.Build();
        }
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { Args = [] });
        Configure(builder.Logging, builder.Services, config, components);
        builder.WebHost.UseKestrelCore();
        builder.Services.AddRoutingCore();
        builder.WebHost.UseUrls($"http://{admin}");
        var app = builder.Build();
        AdminEndpoints.Map(app, app.Services.GetRequiredService<ProxyServer>());
        return app;
    }

    private static void Configure(ILoggingBuilder logging, IServiceCollection services, ProxyConfig config, ProxyComponents components)
    {
        services.AddSingleton<IHostLifetime, ConsoleLifetime>();
        ProxyLogging.Configure(logging);
        services.Configure<HostOptions>(o => o.ShutdownTimeout = config.Limits.DrainTimeout + TimeSpan.FromSeconds(5));
        // Hosted services start in registration order and stop in reverse: the components come
        // first so they outlive the draining listeners.
        foreach (var service in components.Services)
        {
            services.AddSingleton<IHostedService>(service);
        }
        services.AddSingleton(sp => new ProxyServer(config, components, sp.GetRequiredService<ILoggerFactory>()));
        services.AddHostedService<ProxyService>();
    }
}
