using System.Text.Json;
using MaskingProxy.AuditLog.Crypto;
using MaskingProxy.AuditLog.Log;
using MaskingProxy.AuditLog.Records;
using MaskingProxy.Proxy.Tests.Infrastructure;
using Xunit;

namespace MaskingProxy.Proxy.Tests.Cli;

/// <summary>
/// <c>maskingproxy keys init</c>, <c>audit verify</c> and <c>audit search</c> run as the real
/// executable (a child process: exit codes and output exactly as a script sees them).
/// </summary>
public sealed class AuditCliTests : IAsyncLifetime
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "audit-cli-" + Guid.NewGuid().ToString("N"));

    private string Keys => Path.Combine(_root, "keys");

    private string Log => Path.Combine(_root, "audit");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_root);
        var init = await Run("keys", "init", "--out", Keys);
        Assert.True(init.ExitCode == 0, init.Describe());
        Assert.Contains("key_id:", init.StandardOutput, StringComparison.Ordinal);

        var keys = KeyMaterial.Load(Path.Combine(Keys, "audit.key"), Path.Combine(Keys, "audit-sm2.pem"));
        await using var writer = AuditLogWriter.Open(new AuditLogOptions { Directory = Log, Durability = DurabilityMode.Batch }, keys);
        for (var i = 0; i < 30; i++)
        {
            await writer.AppendAsync(Statement(i % 3 == 0 ? "bob" : "alice", i % 5 == 0 ? Verdict.Deny : Verdict.Masked, i % 2 == 0 ? "public.patients.phone" : "public.orders.total"));
        }

        await writer.CloseAsync();
    }

    public Task DisposeAsync()
    {
        Directory.Delete(_root, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Keys_init_refuses_to_overwrite_unless_forced()
    {
        var again = await Run("keys", "init", "--out", Keys);
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("--force", again.StandardError, StringComparison.Ordinal);

        var before = await File.ReadAllTextAsync(Path.Combine(Keys, "audit.key"));
        var forced = await Run("keys", "init", "--out", Keys, "--force");
        Assert.True(forced.ExitCode == 0, forced.Describe());
        Assert.NotEqual(before, await File.ReadAllTextAsync(Path.Combine(Keys, "audit.key")));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(Keys, "audit-sm2.pem")));
        }
    }

    [Fact]
    public async Task Verify_an_intact_log_exits_0_and_reports_what_it_checked()
    {
        var result = await Run("audit", "verify", "--dir", Log, "--key", Path.Combine(Keys, "audit.key"), "--public-key", Path.Combine(Keys, "audit-sm2.pub.pem"));
        Assert.True(result.ExitCode == 0, result.Describe());
        Assert.Contains("INTACT", result.StandardOutput, StringComparison.Ordinal);
        Assert.Matches(@"records checked:\s+3[0-9]", result.StandardOutput);
        Assert.Matches(@"checkpoints verified:\s+[1-9]", result.StandardOutput);
        Assert.Contains("MACs:                 checked", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("tail:                 closed", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_a_tampered_log_exits_1_with_the_first_bad_sequence_number_and_why()
    {
        var segment = SegmentNames.List(Log)[0].Path;
        var lines = await File.ReadAllLinesAsync(segment);
        var victim = Array.FindIndex(lines, l => l.Contains("\"login\":\"bob\"", StringComparison.Ordinal));
        var seq = JsonDocument.Parse(lines[victim]).RootElement.GetProperty("seq").GetInt64();
        lines[victim] = lines[victim].Replace("\"login\":\"bob\"", "\"login\":\"eve\"", StringComparison.Ordinal);
        await File.WriteAllTextAsync(segment, string.Join("\n", lines) + "\n");

        var result = await Run("audit", "verify", "--dir", Log, "--key", Path.Combine(Keys, "audit.key"), "--public-key", Path.Combine(Keys, "audit-sm2.pub.pem"));
        Assert.True(result.ExitCode == 1, result.Describe());
        Assert.Contains("BROKEN", result.StandardOutput, StringComparison.Ordinal);
        Assert.Matches($@"first bad seq:\s+{seq}\b", result.StandardOutput);
        Assert.Contains("HashMismatch", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("audit-000001.jsonl at byte", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unusable_input_exits_2()
    {
        var missing = await Run("audit", "verify", "--dir", Path.Combine(_root, "nope"));
        Assert.True(missing.ExitCode == 2, missing.Describe());
        Assert.Contains("does not exist", missing.StandardError, StringComparison.Ordinal);

        Assert.Equal(2, (await Run("audit", "verify", "--dir", Log, "--no-such-option")).ExitCode);
        Assert.Equal(2, (await Run("audit", "verify")).ExitCode);
        Assert.Equal(2, (await Run("audit", "verify", "--dir", Log, "--key", Path.Combine(_root, "missing.key"))).ExitCode);
        Assert.Equal(2, (await Run("audit", "verify", "--elasticsearch", "http://127.0.0.1:1", "--index", "audit")).ExitCode);
        Assert.Equal(2, (await Run("audit", "search", "--dir", Path.Combine(_root, "nope"))).ExitCode);
        Assert.Equal(2, (await Run("audit", "search", "--dir", Log, "--since", "yesterday-ish")).ExitCode);
    }

    [Fact]
    public async Task Search_filters_and_prints_json_lines_or_a_table()
    {
        var json = await Run("audit", "search", "--dir", Log, "--user", "bob", "--verdict", "deny", "--format", "json");
        Assert.True(json.ExitCode == 0, json.Describe());
        var lines = json.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length); // i in {0, 15}: bob (i % 3 == 0) and deny (i % 5 == 0)
        Assert.All(lines, l => Assert.Equal("bob", AuditRecordParser.Parse(l).Record is StatementRecord s ? s.Subject.Login : null));
        Assert.Contains("2 of", json.StandardError, StringComparison.Ordinal);

        var table = await Run("audit", "search", "--dir", Log, "--object", "*.patients.phone", "--action", "select", "--since", "2025-01-01", "--until", "2100-01-01T00:00:00Z");
        Assert.True(table.ExitCode == 0, table.Describe());
        Assert.Contains("15 of", table.StandardError, StringComparison.Ordinal);
        Assert.Contains("public.patients.phone", table.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("public.orders.total", table.StandardOutput, StringComparison.Ordinal);
    }

    private static StatementRecord Statement(string login, Verdict verdict, string column) => new()
    {
        Subject = new Subject { Login = login, ClientAddress = "10.0.0.9", ClientPort = 40000, ApplicationName = "psql", SessionId = "s-1" },
        Database = "app",
        Protocol = "postgres",
        Action = "SELECT",
        Objects = [column],
        Statement = $"SELECT {column} FROM t WHERE id = $1",
        StatementSm3 = StatementRecord.HashOriginal("SELECT … WHERE id = 7"),
        Verdict = verdict,
        RuleIds = ["r1"],
    };

    private Task<ProcessResult> Run(params string[] args)
        => ProcessRunner.RunAsync("dotnet", [Path.Combine(AppContext.BaseDirectory, "maskingproxy.dll"), .. args], _root, timeout: TimeSpan.FromMinutes(1));
}
