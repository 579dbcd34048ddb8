using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using MaskingProxy.Proxy.Observability;
using Xunit;

namespace MaskingProxy.Proxy.Tests.Observability;

public sealed class RuntimeMetricsTests
{
    [Fact]
    public void Render_EverySeries_HasHelpTypeAndANonNegativeValue()
    {
        var text = Render();

        foreach (var name in new[]
        {
            "process_cpu_seconds_total", "maskingproxy_process_cpu_seconds_total", "process_resident_memory_bytes",
            "process_start_time_seconds", "dotnet_gc_allocated_bytes_total", "dotnet_gc_collections_total",
            "dotnet_gc_heap_size_bytes", "dotnet_gc_pause_seconds_total", "dotnet_threadpool_threads", "dotnet_threadpool_queue_length",
        })
        {
            Assert.Contains($"# HELP {name} ", text, StringComparison.Ordinal);
            Assert.Contains($"# TYPE {name} ", text, StringComparison.Ordinal);
        }
        foreach (Match sample in Regex.Matches(text, @"(?m)^(?!#)(\S+) (\S+)$"))
        {
            Assert.True(double.Parse(sample.Groups[2].Value, CultureInfo.InvariantCulture) >= 0, sample.Value);
        }
        Assert.Contains("dotnet_gc_collections_total{generation=\"0\"}", text, StringComparison.Ordinal);
        Assert.Contains("maskingproxy_process_cpu_seconds_total{mode=\"user\"}", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_AfterAllocating_AllocatedBytesGrow()
    {
        var before = Value(Render(), "dotnet_gc_allocated_bytes_total");

        var kept = new List<byte[]>();
        for (var i = 0; i < 64; i++)
        {
            kept.Add(new byte[64 * 1024]);
        }
        var after = Value(Render(), "dotnet_gc_allocated_bytes_total");

        // The series is the runtime's imprecise count (GC.GetTotalAllocatedBytes(false)): an
        // allocation context handed out before the first render is counted in full then, so the
        // growth seen can fall short of the 4 MiB allocated by up to a context's size (55 KB seen).
        Assert.True(after - before >= 64 * 64 * 1024 / 2, $"{before} -> {after}");
        GC.KeepAlive(kept);
    }

    [Fact]
    public void Render_StartTime_IsThisProcessStart()
    {
        var start = DateTime.UnixEpoch.AddSeconds(Value(Render(), "process_start_time_seconds"));

        Assert.InRange(start, DateTime.UtcNow.AddDays(-1), DateTime.UtcNow);
    }

    [Fact]
    public void Render_WithProc_CountsOpenDescriptors()
    {
        if (!Directory.Exists("/proc/self/fd"))
        {
            Assert.DoesNotContain("process_open_fds", Render(), StringComparison.Ordinal);
            return;
        }
        var before = Value(Render(), "process_open_fds");

        using var file = File.OpenRead(typeof(RuntimeMetricsTests).Assembly.Location);
        var after = Value(Render(), "process_open_fds");

        Assert.True(before >= 3, before.ToString(CultureInfo.InvariantCulture));
        Assert.True(after >= before + 1, $"{before} -> {after}");
    }

    private static string Render()
    {
        var text = new StringBuilder();
        RuntimeMetrics.Render(text);
        return text.ToString();
    }

    private static double Value(string text, string name)
    {
        var match = Regex.Match(text, $@"(?m)^{Regex.Escape(name)} (\S+)$");
        Assert.True(match.Success, name);
        return double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
    }
}
