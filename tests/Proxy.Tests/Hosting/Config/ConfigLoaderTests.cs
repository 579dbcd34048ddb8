using MaskingProxy.Proxy.Hosting;
using MaskingProxy.Proxy.Hosting.Config;
using Xunit;

namespace MaskingProxy.Proxy.Tests.Hosting.Config;

public sealed class ConfigLoaderTests
{
    private const string SpecSample = """
        listeners:
          - name: app-db
            protocol: postgres
            listen: 127.0.0.1:6432
            backend: 127.0.0.1:5432
            backend_tls: prefer
        catalog:
          connection_string: "Host=127.0.0.1;Port=5432;Database=app;Username=maskingproxy_catalog;Password=${MP_TEST_CATALOG_PASSWORD}"
          refresh_seconds: 60
        policy: policies/healthcare.yaml
        audit:
          dir: var/audit
          durability: sync
          hmac_key: keys/audit.key
          signing_key: keys/audit-sm2.pem
          checkpoint: { records: 1000, seconds: 5 }
          elasticsearch: { url: "http://127.0.0.1:9200", index: maskingproxy-audit, api_key: "${MP_TEST_ES_KEY}" }
        admin:
          listen: 127.0.0.1:9187
        """;

    [Fact]
    public void Parse_SpecSample_AllSectionsReadAndPathsResolved()
    {
        Environment.SetEnvironmentVariable("MP_TEST_CATALOG_PASSWORD", "s3cret");
        Environment.SetEnvironmentVariable("MP_TEST_ES_KEY", "key-1");

        var (config, errors) = ConfigLoader.Parse(SpecSample, "/etc/mp/maskingproxy.yaml", "/etc/mp");

        Assert.Empty(errors);
        var listener = Assert.Single(config!.Listeners);
        Assert.Equal(new HostPort("127.0.0.1", 6432), listener.Listen);
        Assert.Equal(BackendTlsMode.Prefer, listener.BackendTls);
        Assert.Contains("Password=s3cret", config.Catalog!.ConnectionString, StringComparison.Ordinal);
        Assert.Equal("/etc/mp/policies/healthcare.yaml", config.PolicyPath);
        Assert.Equal("/etc/mp/var/audit", config.Audit!.Directory);
        Assert.Equal("key-1", config.Audit.Elasticsearch!.ApiKey);
        Assert.Equal(1000, config.Audit.CheckpointRecords);
        Assert.Equal(new HostPort("127.0.0.1", 9187), config.Admin.Listen);
        Assert.Equal(LimitsConfig.Default, config.Limits);
    }

    [Fact]
    public void Parse_ManyMistakes_EveryErrorReportedWithLineAndColumn()
    {
        const string yaml = """
            listeners:
              - name: a
                listen: 127.0.0.1:notaport
                backend: 127.0.0.1:5432
                backend_tls: sometimes
                colour: blue
              - name: b
                backend: db:5432
            limits:
              max_message_bytes: -5
            admni:
              listen: 127.0.0.1:9187
            """;

        var (config, errors) = ConfigLoader.Parse(yaml, "c.yaml", "/tmp");

        Assert.Null(config);
        var text = errors.Select(e => e.ToString()).ToList();
        Assert.Contains("c.yaml:3:13: 'listen' must be host:port, got '127.0.0.1:notaport'", text);
        Assert.Contains(text, e => e.StartsWith("c.yaml:5:18: 'backend_tls' must be one of", StringComparison.Ordinal));
        Assert.Contains("c.yaml:6:5: unknown key 'colour'", text);
        Assert.Contains("c.yaml:7:5: missing required key 'listen'", text);
        Assert.Contains(text, e => e.StartsWith("c.yaml:10:22: 'max_message_bytes' must be an integer", StringComparison.Ordinal));
        Assert.Contains("c.yaml:11:1: unknown key 'admni'", text);
        Assert.Equal(6, errors.Count);
    }

    [Fact]
    public void Parse_UnsetEnvironmentVariable_Error()
    {
        const string yaml = """
            listeners:
              - { name: a, listen: "127.0.0.1:1", backend: "${MP_TEST_SURELY_UNSET_VAR}:5432" }
            """;

        var (_, errors) = ConfigLoader.Parse(yaml, "c.yaml", "/tmp");

        Assert.Contains(errors, e => e.Message == "environment variable 'MP_TEST_SURELY_UNSET_VAR' is not set");
    }

    [Fact]
    public void Parse_DuplicateListenerAndMissingTlsFiles_Errors()
    {
        const string yaml = """
            listeners:
              - name: a
                listen: 127.0.0.1:7001
                backend: 127.0.0.1:5432
                tls: { certificate: nope.crt, key: nope.key }
              - name: a
                listen: 127.0.0.1:7001
                backend: 127.0.0.1:5432
            """;

        var (_, errors) = ConfigLoader.Parse(yaml, "c.yaml", "/nonexistent");

        Assert.Contains(errors, e => e.Message == "duplicate listener name 'a'");
        Assert.Contains(errors, e => e.Message == "duplicate listen address '127.0.0.1:7001'");
        Assert.Contains(errors, e => e.Message == "file not found: /nonexistent/nope.crt");
        Assert.Contains(errors, e => e.Message == "file not found: /nonexistent/nope.key");
    }

    [Fact]
    public void Parse_BadYaml_SyntaxErrorLocated()
    {
        var (config, errors) = ConfigLoader.Parse("listeners: [\n  - a\n", "c.yaml", "/tmp");

        Assert.Null(config);
        var error = Assert.Single(errors);
        Assert.True(error.Line >= 2, error.ToString());
    }

    [Theory]
    [InlineData("127.0.0.1:5432", "127.0.0.1", 5432)]
    [InlineData("[::1]:6432", "::1", 6432)]
    [InlineData("db.internal:5432", "db.internal", 5432)]
    public void HostPort_Valid_Parsed(string text, string host, int port)
    {
        Assert.True(HostPort.TryParse(text, out var value));
        Assert.Equal(new HostPort(host, port), value);
    }

    [Theory]
    [InlineData("5432")]
    [InlineData(":5432")]
    [InlineData("host:")]
    [InlineData("host:70000")]
    [InlineData("host:-1")]
    public void HostPort_Invalid_Rejected(string text) => Assert.False(HostPort.TryParse(text, out _));
}
