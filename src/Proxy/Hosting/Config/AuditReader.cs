namespace MaskingProxy.Proxy.Hosting.Config;

/// <summary>Reads the <c>audit:</c> section (SPEC §8).</summary>
internal static class AuditReader
{
    public static AuditConfig? Read(YamlSection? section)
    {
        if (section is null)
        {
            return null;
        }
        var dir = section.Path("dir", required: true);
        var durability = section.Enum("durability", "sync", ("sync", "sync"), ("batch", "batch"));
        var hmac = section.Path("hmac_key");
        var signing = section.Path("signing_key");
        var records = 1000;
        var seconds = 5;
        if (section.Section("checkpoint") is { } checkpoint)
        {
            records = checkpoint.Int("records", records, 1, 10_000_000);
            seconds = checkpoint.Int("seconds", seconds, 1, 86400);
            checkpoint.RejectUnknownKeys();
        }
        ElasticsearchConfig? elasticsearch = null;
        if (section.Section("elasticsearch") is { } es)
        {
            var url = es.String("url", required: true);
            var index = es.String("index") ?? "maskingproxy-audit";
            elasticsearch = url is null ? null : new ElasticsearchConfig(url, index, es.String("api_key"), es.String("username"), es.String("password"), es.Path("ca_file"));
            es.RejectUnknownKeys();
        }
        section.RejectUnknownKeys();
        return dir is null ? null : new AuditConfig(dir, durability, hmac, signing, records, seconds, elasticsearch);
    }
}
