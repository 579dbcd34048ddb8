namespace MaskingProxy.Proxy.Hosting;

public sealed record ElasticsearchConfig(string Url, string Index, string? ApiKey, string? Username, string? Password, string? CaFile);
