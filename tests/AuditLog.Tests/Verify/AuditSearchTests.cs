using MaskingProxy.AuditLog.Log;
using MaskingProxy.AuditLog.Records;
using MaskingProxy.AuditLog.Tests.Support;
using MaskingProxy.AuditLog.Verify;

namespace MaskingProxy.AuditLog.Tests.Verify;

public class AuditSearchTests
{
    private static readonly DateTimeOffset T0 = new(2025, 3, 1, 8, 0, 0, TimeSpan.Zero);

    private static StatementRecord At(int minutes, string login, string action, Verdict verdict, params string[] objects)
        => new()
        {
            Timestamp = T0.AddMinutes(minutes),
            Subject = new Subject { Login = login, ApplicationName = "app\u001b[31m" },
            Action = action,
            Objects = objects,
            Statement = action + " ...",
            StatementSm3 = new string('0', 64),
            Verdict = verdict,
        };

    private static async Task<string> Fixture(TempDirectory dir)
    {
        var writer = WriterFactory.Open(dir.Path);
        await writer.AppendAsync(new ConnectionRecord { Timestamp = T0, Phase = ConnectionPhase.Open, Subject = new Subject { Login = "alice" } });
        await writer.AppendAsync(At(1, "alice", "SELECT", Verdict.Masked, "public.patients.id_card", "public.patients.full_name"));
        await writer.AppendAsync(At(2, "bob", "UPDATE", Verdict.Allow, "public.visits.notes"));
        await writer.AppendAsync(At(3, "alice", "COPY_TO", Verdict.Deny, "hr.employees.salary"));
        await writer.AppendAsync(At(4, "张三", "select", Verdict.Masked, "crm.customers.phone"));
        await writer.AppendAsync(new PolicyRecord { Timestamp = T0.AddMinutes(5), Action = PolicyAction.Reload, Outcome = PolicyOutcome.Rejected, Error = "bad" });
        await writer.CloseAsync();
        return dir.Path;
    }

    private static List<string> Logins(string dir, AuditQuery query)
        => AuditSearch.Search(dir, query).Select(e => AuditSearch.SubjectOf(e.Record)?.Login ?? e.Type).ToList();

    [Fact]
    public async Task Filters_by_login_verdict_action_and_type()
    {
        using var dir = new TempDirectory();
        var path = await Fixture(dir);
        Assert.Equal(["alice", "alice", "alice"], Logins(path, new AuditQuery { Login = "alice" }));
        Assert.Equal(["张三"], Logins(path, new AuditQuery { Login = "张三" }));
        Assert.Empty(Logins(path, new AuditQuery { Login = "ALICE" }));
        Assert.Equal(["alice", "张三"], Logins(path, new AuditQuery { Verdict = Verdict.Masked }));
        Assert.Equal(["alice", "张三"], Logins(path, new AuditQuery { Action = "SELECT" }));
        Assert.Equal(["policy"], Logins(path, new AuditQuery { Type = "policy" }));
        Assert.Equal(["alice"], Logins(path, new AuditQuery { Login = "alice", Verdict = Verdict.Deny }));
    }

    [Theory]
    [InlineData("public.patients.id_card", new[] { "alice" })]
    [InlineData("public.patients.*", new[] { "alice" })]
    [InlineData("*.*.phone", new[] { "张三" })]
    [InlineData("phone", new[] { "张三" })]
    [InlineData("PATIENTS.FULL_*", new[] { "alice" })]
    [InlineData("*.n?tes", new[] { "bob" })]
    [InlineData("hr.*.*", new[] { "alice" })]
    [InlineData("*", new[] { "alice", "bob", "alice", "张三" })]
    [InlineData("public.patients.id", new string[0])]
    public async Task Object_globs_match_schema_table_column(string pattern, string[] expected)
    {
        using var dir = new TempDirectory();
        Assert.Equal(expected, Logins(await Fixture(dir), new AuditQuery { Object = pattern }));
    }

    [Fact]
    public async Task Time_range_is_inclusive_since_and_exclusive_until()
    {
        using var dir = new TempDirectory();
        var path = await Fixture(dir);
        var hits = AuditSearch.Search(path, new AuditQuery { Since = T0.AddMinutes(2), Until = T0.AddMinutes(4) }).Select(e => e.Timestamp).ToList();
        Assert.Equal([T0.AddMinutes(2), T0.AddMinutes(3)], hits);
    }

    [Fact]
    public async Task Torn_lines_are_skipped_and_counted()
    {
        using var dir = new TempDirectory();
        var path = await Fixture(dir);
        LogFiles.AppendRaw(LogFiles.LastSegment(path), "{\"chain\":");
        var stats = new SearchStatistics();
        var all = AuditSearch.Search(path, new AuditQuery(), stats).ToList();
        Assert.Equal(LogFiles.Lines(path).Count - 1, all.Count);
        Assert.Equal(1, stats.SkippedLines);
    }

    [Fact]
    public void Object_patterns_are_validated() => Assert.Throws<ArgumentException>(() => new ObjectPattern("a.b.c.d"));

    [Fact]
    public async Task Json_lines_output_is_the_stored_lines()
    {
        using var dir = new TempDirectory();
        var path = await Fixture(dir);
        var output = new StringWriter();
        var count = JsonLinesFormatter.Write(AuditSearch.Search(path, new AuditQuery { Login = "bob" }), output);
        Assert.Equal(1, count);
        Assert.Equal(LogFiles.Lines(path).Single(l => l.Contains("\"login\":\"bob\"", StringComparison.Ordinal)) + "\n", output.ToString());
    }

    [Fact]
    public async Task Table_output_is_aligned_and_terminal_safe()
    {
        using var dir = new TempDirectory();
        var path = await Fixture(dir);
        var output = new StringWriter();
        TableFormatter.Write(AuditSearch.Search(path, new AuditQuery { Type = "statement" }), output);
        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(5, lines.Length);
        Assert.StartsWith("SEQ", lines[0], StringComparison.Ordinal);
        Assert.DoesNotContain('\u001b', output.ToString());

        // The OBJECTS column starts at the same display column on every row (the CJK login takes two columns per character).
        var headerColumn = lines[0].IndexOf("OBJECTS", StringComparison.Ordinal);
        string[] firstObjects = ["public.patients.id_card", "public.visits.notes", "hr.employees.salary", "crm.customers.phone"];
        foreach (var line in lines[1..])
        {
            var at = firstObjects.Select(o => line.IndexOf(o, StringComparison.Ordinal)).Single(i => i >= 0);
            Assert.Equal(headerColumn, TableFormatter.DisplayWidth(line[..at]));
        }

        Assert.Contains(lines, l => l.Contains("张三", StringComparison.Ordinal));
    }

    [Fact]
    public void An_empty_result_still_prints_the_header()
    {
        var output = new StringWriter();
        Assert.Equal(0, TableFormatter.Write([], output));
        Assert.StartsWith("SEQ", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Long_cells_are_cut_with_an_ellipsis()
    {
        using var dir = new TempDirectory();
        var writer = WriterFactory.Open(dir.Path);
        await writer.AppendAsync(At(0, new string('x', 100), "SELECT", Verdict.Allow, "a.b.c"));
        await writer.CloseAsync();
        var output = new StringWriter();
        TableFormatter.Write(AuditSearch.Search(dir.Path, new AuditQuery { Type = "statement" }), output);
        Assert.Contains(new string('x', 23) + "\u2026", output.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(new string('x', 25), output.ToString(), StringComparison.Ordinal);
    }
}
