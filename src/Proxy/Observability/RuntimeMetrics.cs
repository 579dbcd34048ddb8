using System.Diagnostics;
using System.Text;

namespace MaskingProxy.Proxy.Observability;

/// <summary>
/// The process and runtime series every Prometheus exporter is expected to have (process_* names
/// as the client libraries define them), plus the .NET garbage collector and thread pool: what an
/// operator checks to see that memory stays bounded, that relaying allocates nothing per message,
/// and how CPU splits between the proxy's own code (user) and the kernel's socket work (system).
/// </summary>
internal static class RuntimeMetrics
{
    private static readonly double StartTimeSeconds = StartTime();

    public static void Render(StringBuilder output)
    {
        var cpu = Environment.CpuUsage;
        PrometheusText.Series(output, "process_cpu_seconds_total", "counter", "Total user and system CPU time spent in seconds.", cpu.TotalTime.TotalSeconds);
        PrometheusText.Header(output, "maskingproxy_process_cpu_seconds_total", "counter", "CPU time by mode: user (the proxy's code) and system (the kernel on its behalf, mostly socket I/O).");
        PrometheusText.Sample(output, "maskingproxy_process_cpu_seconds_total{mode=\"user\"}", cpu.UserTime.TotalSeconds);
        PrometheusText.Sample(output, "maskingproxy_process_cpu_seconds_total{mode=\"system\"}", cpu.PrivilegedTime.TotalSeconds);
        PrometheusText.Series(output, "process_resident_memory_bytes", "gauge", "Resident memory size in bytes.", Environment.WorkingSet);
        PrometheusText.Series(output, "process_start_time_seconds", "gauge", "Start time of the process since unix epoch in seconds.", StartTimeSeconds);
        if (OpenDescriptors() is { } descriptors)
        {
            PrometheusText.Series(output, "process_open_fds", "gauge", "Number of open file descriptors.", descriptors);
        }

        PrometheusText.Series(output, "dotnet_gc_allocated_bytes_total", "counter", "Bytes allocated on the managed heap since start.", GC.GetTotalAllocatedBytes(precise: false));
        PrometheusText.Header(output, "dotnet_gc_collections_total", "counter", "Garbage collections, by generation.");
        for (var generation = 0; generation <= GC.MaxGeneration; generation++)
        {
            PrometheusText.Sample(output, $"dotnet_gc_collections_total{{generation=\"{generation}\"}}", GC.CollectionCount(generation));
        }
        PrometheusText.Series(output, "dotnet_gc_heap_size_bytes", "gauge", "Managed heap size after the last collection.", GC.GetGCMemoryInfo().HeapSizeBytes);
        PrometheusText.Series(output, "dotnet_gc_pause_seconds_total", "counter", "Time the garbage collector paused the process.", GC.GetTotalPauseDuration().TotalSeconds);
        PrometheusText.Series(output, "dotnet_threadpool_threads", "gauge", "Thread pool threads.", ThreadPool.ThreadCount);
        PrometheusText.Series(output, "dotnet_threadpool_queue_length", "gauge", "Work items queued to the thread pool and not yet started.", ThreadPool.PendingWorkItemCount);
    }

    private static double StartTime()
    {
        using var process = Process.GetCurrentProcess();
        return (process.StartTime.ToUniversalTime() - DateTime.UnixEpoch).TotalSeconds;
    }

    /// <summary>Counted from /proc where there is one (Linux); elsewhere the series is left out.</summary>
    private static int? OpenDescriptors()
    {
        const string Directory = "/proc/self/fd";
        if (!System.IO.Directory.Exists(Directory))
        {
            return null;
        }
        try
        {
            // The enumeration's own descriptor is one of them.
            return Math.Max(0, System.IO.Directory.EnumerateFileSystemEntries(Directory).Count() - 1);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
