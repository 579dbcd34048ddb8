using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace MaskingProxy.Benchmarks.Rewrite;

/// <summary>
/// Short in-process job (3 warm-up, 8 measured iterations) with allocations reported: per-statement costs
/// are in microseconds, and allocations are what the proxy pays for in GC on a busy session thread. Min and
/// median columns next to the mean.
/// </summary>
/// <remarks>
/// In-process for the reason given on <see cref="Audit.AuditBenchmarkConfig"/> (the default toolchain looks
/// for a project named after the assembly and rebuilds the whole proxy). Run:
/// <c>dotnet run -c Release --project bench/Benchmarks -- --filter '*.Rewrite.*'</c>.
/// </remarks>
public sealed class RewriteBenchmarkConfig : ManualConfig
{
    public RewriteBenchmarkConfig()
    {
        AddJob(Job.Default.WithWarmupCount(3).WithIterationCount(8).WithToolchain(InProcessEmitToolchain.Instance).WithId("short in-process"));
        AddDiagnoser(MemoryDiagnoser.Default);

        // The shared build host is rarely idle: the minimum is the estimate least disturbed by other work.
        AddColumn(StatisticColumn.Min, StatisticColumn.Median);
    }
}
