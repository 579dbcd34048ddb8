using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace MaskingProxy.Proxy.Hosting.Config;

/// <summary>
/// Reads maskingproxy.yaml (SPEC §8) into an immutable <see cref="ProxyConfig"/>. Every problem is
/// collected with file:line:column; a config with any error is not returned.
/// </summary>
public static class ConfigLoader
{
    public static (ProxyConfig? Config, IReadOnlyList<ConfigError> Errors) Load(string path)
    {
        var full = Path.GetFullPath(path);
        string text;
        try
        {
            text = File.ReadAllText(full);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return (null, [new ConfigError(full, 0, 0, $"cannot read the config file: {ex.Message}")]);
        }
        return Parse(text, full, Path.GetDirectoryName(full)!);
    }

    public static (ProxyConfig? Config, IReadOnlyList<ConfigError> Errors) Parse(string text, string file, string baseDirectory)
    {
        var context = new ConfigReadContext(file, baseDirectory);
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException ex)
        {
            context.Error(ex.Start.Line, ex.Start.Column, ex.InnerException?.Message ?? ex.Message);
            return (null, context.Errors);
        }
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            context.Error(1, 1, "the config must be a YAML mapping");
            return (null, context.Errors);
        }
        var config = Read(new YamlSection(root, context), context);
        return context.Errors.Count == 0 ? (config, context.Errors) : (null, context.Errors);
    }

    private static ProxyConfig Read(YamlSection root, ConfigReadContext context)
    {
        var listeners = root.Sequence("listeners").Select(l => ListenerReader.Read(l, context)).OfType<ListenerConfig>().ToList();
        if (root.Raw("listeners") is null)
        {
            context.Error(root.Node, "missing required key 'listeners'");
        }
        CheckUnique(listeners, l => l.Name, "listener name", root, context);
        CheckUnique(listeners, l => l.Listen.ToString(), "listen address", root, context);
        var catalog = ReadCatalog(root.Section("catalog"));
        var policy = root.Path("policy");
        var audit = AuditReader.Read(root.Section("audit"));
        var adminSection = root.Section("admin");
        HostPort? adminListen = null;
        if (adminSection is not null)
        {
            adminListen = ListenerReader.Address(adminSection, "listen", required: false);
            adminSection.RejectUnknownKeys();
        }
        var limits = ReadLimits(root.Section("limits"));
        root.RejectUnknownKeys();
        return new ProxyConfig(listeners, catalog, policy, audit, new AdminConfig(adminListen), limits);
    }

    private static CatalogConfig? ReadCatalog(YamlSection? section)
    {
        if (section is null)
        {
            return null;
        }
        var connection = section.String("connection_string", required: true);
        var refresh = section.Int("refresh_seconds", 60, 1, 86400);
        section.RejectUnknownKeys();
        return connection is null ? null : new CatalogConfig(connection, refresh);
    }

    private static LimitsConfig ReadLimits(YamlSection? section)
    {
        var d = LimitsConfig.Default;
        if (section is null)
        {
            return d;
        }
        var limits = new LimitsConfig(
            section.Int("max_message_bytes", d.MaxMessageBytes, 1024, 1 << 30),
            TimeSpan.FromSeconds(section.Int("startup_timeout_seconds", (int)d.StartupTimeout.TotalSeconds, 1, 3600)),
            TimeSpan.FromSeconds(section.Int("connect_timeout_seconds", (int)d.ConnectTimeout.TotalSeconds, 1, 600)),
            TimeSpan.FromSeconds(section.Int("drain_seconds", (int)d.DrainTimeout.TotalSeconds, 0, 3600)));
        section.RejectUnknownKeys();
        return limits;
    }

    private static void CheckUnique<T>(IEnumerable<T> items, Func<T, string> key, string what, YamlSection root, ConfigReadContext context)
    {
        foreach (var group in items.GroupBy(key).Where(g => g.Count() > 1))
        {
            context.Error(root.Raw("listeners")!, $"duplicate {what} '{group.Key}'");
        }
    }
}
