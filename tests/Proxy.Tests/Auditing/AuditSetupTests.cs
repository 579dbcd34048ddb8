using System.Text;
using MaskingProxy.AuditLog.Log;
using MaskingProxy.AuditLog.Records;
using MaskingProxy.AuditLog.Verify;
using MaskingProxy.Proxy.Auditing;
using MaskingProxy.Proxy.Hosting;
using MaskingProxy.Proxy.Interception;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace MaskingProxy.Proxy.Tests.Auditing;

/// <summary>From the audit config section to a running trail, and every reason not to start.</summary>
public sealed class AuditSetupTests
{
    [Fact]
    public async Task Open_StartTrafficStop_LogFramedByStartStopAndVerifiesClosed()
    {
        await using var log = AuditTestLog.Create();
        await using var audit = AuditSetup.Open(Config(log), NullLoggerFactory.Instance);

        await StartAsync(audit);
        audit.Sink.Policy(accepted: true, initial: true, "v1", null, "healthcare", null, null);
        await audit.Sink.Statement(AuditSamples.Facts(), "SELECT 1", StatementDecision.Forward).Durable;
        await StopAsync(audit);
        var entries = log.Read();

        Assert.Equal(["segment", "proxy_start", "policy", "statement", "proxy_stop", "checkpoint"], entries.Select(e => e.Type));
        Assert.Equal(CheckpointReason.Shutdown, ((CheckpointRecord)entries[^1].Record).Reason);
        Assert.Equal(Environment.ProcessId, ((ProxyStartRecord)entries[1].Record).ProcessId);
        Assert.Equal(VerifyOutcome.Intact, AuditVerifier.Verify(log.Directory, log.VerifierKeys, new VerifyOptions { WriterRunning = false }).Outcome);
        Assert.False(audit.Sink.IsAvailable);
        await Assert.ThrowsAsync<AuditLogUnavailableException>(() => audit.Sink.Statement(AuditSamples.Facts(), "SELECT 1", StatementDecision.Forward).Durable);
    }

    [Fact]
    public async Task Open_DirectoryHeldByAnotherProxy_ThrowsStartupError()
    {
        await using var log = AuditTestLog.Create();
        await using var first = AuditSetup.Open(Config(log), NullLoggerFactory.Instance);

        var error = Assert.Throws<AuditStartupException>(() => AuditSetup.Open(Config(log), NullLoggerFactory.Instance));

        Assert.Contains("in use by another maskingproxy process", error.Message, StringComparison.Ordinal);
        Assert.IsType<AuditLogLockedException>(error.InnerException);
    }

    [Fact]
    public async Task Open_DamagedChain_ThrowsStartupErrorPointingToVerify()
    {
        await using var log = AuditTestLog.Create();
        await using (var audit = AuditSetup.Open(Config(log), NullLoggerFactory.Instance))
        {
            await StartAsync(audit);
            await audit.Sink.Statement(AuditSamples.Facts(), "SELECT 1", StatementDecision.Forward).Durable;
            await StopAsync(audit);
        }

        var segment = Directory.GetFiles(log.Directory, "audit-*.jsonl").Single();
        var content = await File.ReadAllTextAsync(segment);
        await File.WriteAllTextAsync(segment, content.Replace("\"login\":\"alice\"", "\"login\":\"mallory\"", StringComparison.Ordinal));

        var error = Assert.Throws<AuditStartupException>(() => AuditSetup.Open(Config(log), NullLoggerFactory.Instance));

        Assert.Contains("is damaged", error.Message, StringComparison.Ordinal);
        Assert.Contains("maskingproxy audit verify --dir", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Open_MissingKeyFile_ThrowsStartupErrorNamingItBeforeTouchingTheDirectory()
    {
        await using var log = AuditTestLog.Create();
        var missing = Path.Combine(log.Root, "keys", "missing.key");

        var error = Assert.Throws<AuditStartupException>(() => AuditSetup.Open(Config(log) with { HmacKeyPath = missing }, NullLoggerFactory.Instance));

        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(log.Directory));
    }

    [Theory]
    [InlineData("not a url", "maskingproxy-audit")]
    [InlineData("ftp://es:21", "maskingproxy-audit")]
    [InlineData("http://127.0.0.1:9200", "Bad Index")]
    public async Task Open_BadElasticsearchSettings_ThrowsStartupErrorAndLeavesDirectoryFree(string url, string index)
    {
        await using var log = AuditTestLog.Create();

        var error = Assert.Throws<AuditStartupException>(() => AuditSetup.Open(Config(log, Elasticsearch(url, index)), NullLoggerFactory.Instance));
        await using var next = AuditSetup.Open(Config(log), NullLoggerFactory.Instance);

        Assert.StartsWith("audit.elasticsearch", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MetricsSources_Render_ContainAuditAndShippingSeries()
    {
        await using var log = AuditTestLog.Create();
        await using var audit = AuditSetup.Open(Config(log, Elasticsearch("http://127.0.0.1:9", "maskingproxy-audit")), NullLoggerFactory.Instance);
        await audit.Sink.Statement(AuditSamples.Facts(), "SELECT 1", StatementDecision.Forward).Durable;

        var text = new StringBuilder();
        foreach (var source in audit.MetricsSources)
        {
            source.Render(text);
        }
        var metrics = text.ToString();

        Assert.Contains("# TYPE maskingproxy_audit_records_total counter\nmaskingproxy_audit_records_total 1\n", metrics, StringComparison.Ordinal);
        Assert.Contains("\nmaskingproxy_audit_append_failures_total 0\n", metrics, StringComparison.Ordinal);
        Assert.Matches("\nmaskingproxy_audit_syncs_total [1-9][0-9]*\n", metrics); // the record above was fsynced
        Assert.Matches("\nmaskingproxy_audit_writes_total [1-9][0-9]*\n", metrics);
        Assert.Matches("# TYPE maskingproxy_audit_sync_seconds_total counter\nmaskingproxy_audit_sync_seconds_total [0-9.E+-]+\n", metrics);
        Assert.Matches("# TYPE maskingproxy_audit_write_seconds_total counter\nmaskingproxy_audit_write_seconds_total [0-9.E+-]+\n", metrics);
        Assert.Contains("\nmaskingproxy_audit_writer_healthy 1\n", metrics, StringComparison.Ordinal);
        Assert.Contains("\nmaskingproxy_audit_ship_lag_records ", metrics, StringComparison.Ordinal);
        Assert.Contains("\nmaskingproxy_audit_ship_lag_seconds ", metrics, StringComparison.Ordinal);
        Assert.Contains("\nmaskingproxy_audit_shipped_total 0\n", metrics, StringComparison.Ordinal);
        Assert.Contains("\nmaskingproxy_audit_ship_errors_total{kind=\"request\"} 0\n", metrics, StringComparison.Ordinal);
        Assert.Contains("\nmaskingproxy_audit_ship_errors_total{kind=\"poison\"} 0\n", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Services_ElasticsearchConfigured_TemplateInstalledAndWholeLogShippedByStop()
    {
        await using var elasticsearch = new FakeElasticsearch();
        await using var log = AuditTestLog.Create();
        await using var audit = AuditSetup.Open(Config(log, Elasticsearch(elasticsearch.Url.AbsoluteUri, "maskingproxy-audit")), NullLoggerFactory.Instance);

        await StartAsync(audit);
        await audit.Sink.Statement(AuditSamples.Facts(), "SELECT 1", StatementDecision.Forward).Durable;
        var deadline = Environment.TickCount64 + 10_000;
        while (elasticsearch.Documents.Count < 3 && Environment.TickCount64 < deadline)
        {
            await Task.Delay(20);
        }
        await StopAsync(audit);

        Assert.Equal(["maskingproxy-audit"], elasticsearch.Templates.Distinct());
        var entries = log.Read();
        Assert.Equal(["proxy_stop", "checkpoint"], entries.TakeLast(2).Select(e => e.Type));
        var ids = entries.Select(e => $"{e.ChainId}:{e.Seq}");
        Assert.Equal(ids.Order(StringComparer.Ordinal), elasticsearch.Documents.Keys.Order(StringComparer.Ordinal));
    }

    private static AuditConfig Config(AuditTestLog log, ElasticsearchConfig? elasticsearch = null)
        => new(log.Directory, "sync", log.Keys.HmacKey, log.Keys.SigningKey, 1000, 5, elasticsearch);

    private static ElasticsearchConfig Elasticsearch(string url, string index) => new(url, index, null, null, null, null);

    private static async Task StartAsync(AuditComponents audit)
    {
        foreach (var service in audit.Services)
        {
            await service.StartAsync(CancellationToken.None);
        }
    }

    private static async Task StopAsync(AuditComponents audit)
    {
        foreach (var service in audit.Services.Reverse())
        {
            await service.StopAsync(CancellationToken.None);
        }
    }
}
