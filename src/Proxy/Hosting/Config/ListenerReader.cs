namespace MaskingProxy.Proxy.Hosting.Config;

/// <summary>Reads one entry of <c>listeners:</c>.</summary>
internal static class ListenerReader
{
    public static ListenerConfig? Read(YamlSection section, ConfigReadContext context)
    {
        var name = section.String("name", required: true);
        var protocol = section.Enum("protocol", ListenerProtocol.Postgres, ("postgres", ListenerProtocol.Postgres), ("tds", ListenerProtocol.Tds));
        var listen = Address(section, "listen", required: true);
        var backend = Address(section, "backend", required: true);
        TlsConfig? tls = null;
        if (section.Section("tls") is { } tlsSection)
        {
            var certificate = tlsSection.Path("certificate", required: true);
            var key = tlsSection.Path("key", required: true);
            foreach (var (file, field) in new[] { (certificate, "certificate"), (key, "key") })
            {
                if (file is not null && !File.Exists(file))
                {
                    context.Error(tlsSection.Raw(field)!, $"file not found: {file}");
                }
            }
            tlsSection.RejectUnknownKeys();
            tls = certificate is null || key is null ? null : new TlsConfig(certificate, key);
        }
        var backendTls = section.Enum(
            "backend_tls",
            BackendTlsMode.Prefer,
            ("disable", BackendTlsMode.Disable),
            ("prefer", BackendTlsMode.Prefer),
            ("require", BackendTlsMode.Require),
            ("verify-full", BackendTlsMode.VerifyFull));
        var backendCa = section.Path("backend_ca");
        if (backendCa is not null && !File.Exists(backendCa))
        {
            context.Error(section.Raw("backend_ca")!, $"file not found: {backendCa}");
        }
        if (protocol == ListenerProtocol.Tds)
        {
            context.Error(section.Raw("protocol")!, "protocol 'tds' is not available in this build yet");
        }
        section.RejectUnknownKeys();
        if (name is null || listen is null || backend is null)
        {
            return null;
        }
        return new ListenerConfig(name, protocol, listen, backend, tls, backendTls, backendCa);
    }

    public static HostPort? Address(YamlSection section, string key, bool required)
    {
        var text = section.String(key, required);
        if (text is null)
        {
            return null;
        }
        if (!HostPort.TryParse(text, out var address) || (key == "backend" && address!.Port == 0))
        {
            section.ReportError(section.Raw(key)!, $"'{key}' must be host:port, got '{text}'");
            return null;
        }
        return address;
    }
}
