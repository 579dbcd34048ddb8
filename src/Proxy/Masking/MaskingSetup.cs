using MaskingProxy.Proxy.Auditing;
using MaskingProxy.Proxy.Hosting;
using MaskingProxy.Proxy.Interception;
using MaskingProxy.SqlRewriter.Catalog;
using MaskingProxy.SqlRewriter.Policies;
using MaskingProxy.SqlRewriter.Rewriting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace MaskingProxy.Proxy.Masking;

/// <summary>
/// Turns the <c>policy:</c> and <c>catalog:</c> config keys into the masking interceptor and the
/// services that keep it current (policy file watcher, catalog refresh). A policy file with errors
/// stops the start with every error listed; a catalog that cannot be loaded does not (statements
/// over relations the proxy cannot see are denied until it loads).
/// </summary>
public static class MaskingSetup
{
    /// <summary>Debounce of the policy watcher: editors write in several steps.</summary>
    private static readonly TimeSpan PolicyDebounce = TimeSpan.FromMilliseconds(300);

    /// <exception cref="MaskingStartupException">The policy file cannot be loaded.</exception>
    public static (IStatementInterceptor Interceptor, IReadOnlyList<IHostedService> Services) Create(ProxyConfig config, IAuditSink audit, ILoggerFactory loggerFactory, ICatalogSource? catalogSource = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (config.PolicyPath is not { } path)
        {
            return (PassthroughInterceptor.Instance, []);
        }
        var logger = loggerFactory.CreateLogger("MaskingProxy.Masking");
        var loaded = PolicyLoader.TryLoadFile(path);
        if (loaded.Policy is null)
        {
            var errors = string.Join('\n', loaded.Errors.Select(e => e.ToString()));
            audit.Policy(false, true, null, null, null, path, errors);
            throw new MaskingStartupException($"the policy {path} is not valid:\n{errors}");
        }
        var policy = loaded.Policy;
        audit.Policy(true, true, policy.Version, null, policy.Name, path, null);
        var store = new PolicyStore(policy);
        catalogSource ??= config.Catalog is { } catalog ? new PostgresCatalogLoader(catalog.ConnectionString) : null;
        var catalogs = new CatalogHolder(CatalogSnapshot.Empty, catalogSource, logger);
        var cache = new RewriteCache();
        var interceptor = new MaskingInterceptor(store, catalogs, cache, new HashKeyRing(logger));
        var refresh = TimeSpan.FromSeconds(Math.Max(1, config.Catalog?.RefreshSeconds ?? 300));
        IHostedService[] services =
        [
            new CatalogRefreshService(catalogs, refresh),
            new PolicyWatchService(store, path, PolicyDebounce, cache, audit, logger),
        ];
        return (interceptor, services);
    }
}
