namespace MaskingProxy.Proxy.Hosting;

public sealed record CatalogConfig(string ConnectionString, int RefreshSeconds);
