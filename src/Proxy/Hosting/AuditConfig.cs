namespace MaskingProxy.Proxy.Hosting;

public sealed record AuditConfig(
    string Directory,
    string Durability,
    string? HmacKeyPath,
    string? SigningKeyPath,
    int CheckpointRecords,
    int CheckpointSeconds,
    ElasticsearchConfig? Elasticsearch);
