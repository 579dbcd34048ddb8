using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace MaskingProxy.Benchmarks.Audit;

/// <summary>
/// Short jobs (2 warm-up, 5 measured iterations) with an operations-per-second column: benchmarks
/// set OperationsPerInvoke to the number of records, so Op/s reads as records/s. The one-core job
/// pins the process to CPU 0 (the "on one core" targets).
/// <para>
/// In-process toolchain: BenchmarkDotNet's default rebuilds a generated project and looks for it by
/// assembly name, which does not match this project's file name (Benchmarks.csproj builds
/// MaskingProxy.Benchmarks), and the rebuild of the whole proxy does not fit its build timeout on
/// a busy host. Run: <c>dotnet run -c Release --project bench/Benchmarks -- --filter '*.Audit.*'</c>.
/// </para>
/// </summary>
public class AuditBenchmarkConfig : ManualConfig
{
    public AuditBenchmarkConfig(bool allCores, bool oneCore)
    {
        var job = Job.Default.WithWarmupCount(2).WithIterationCount(5).WithToolchain(InProcessEmitToolchain.Instance);
        if (allCores)
        {
            AddJob(job.WithId("all cores"));
        }

        if (oneCore)
        {
            AddJob(job.WithAffinity(1).WithId("1 core"));
        }

        AddColumn(StatisticColumn.OperationsPerSecond);
    }
}
