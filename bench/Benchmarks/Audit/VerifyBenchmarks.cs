using BenchmarkDotNet.Attributes;
using MaskingProxy.AuditLog.Log;
using MaskingProxy.AuditLog.Verify;

namespace MaskingProxy.Benchmarks.Audit;

/// <summary>
/// <see cref="AuditVerifier"/> over a closed 100,000-record log (hash chain, every MAC, every
/// checkpoint signature), with one and with two hashing threads. One operation = one record.
/// </summary>
[Config(typeof(AllCoresConfig))]
public class VerifyBenchmarks
{
    private const int Records = 100_000;
    private string _directory = null!;

    [Params(1, 2)]
    public int Parallelism { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _directory = Path.Combine(Path.GetTempPath(), "audit-verify-bench-" + Guid.NewGuid().ToString("N"));
        var writer = AuditLogWriter.Open(new AuditLogOptions { Directory = _directory, Durability = DurabilityMode.Batch }, TypicalRecords.Keys);
        var tasks = new Task[Records];
        for (var i = 0; i < Records; i++)
        {
            tasks[i] = writer.AppendAsync(TypicalRecords.Statement(i));
        }

        Task.WaitAll(tasks);
        writer.DisposeAsync().AsTask().GetAwaiter().GetResult(); // shutdown checkpoint, unlock

        var check = Run();
        if (check.Outcome != VerifyOutcome.Intact || check.RecordsChecked < Records)
        {
            throw new InvalidOperationException("benchmark log does not verify: " + check.Message);
        }
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_directory, recursive: true);

    [Benchmark(OperationsPerInvoke = Records)]
    public VerifyResult Verify() => Run();

    private VerifyResult Run() => AuditVerifier.Verify(_directory, TypicalRecords.Keys, new VerifyOptions { Parallelism = Parallelism, WriterRunning = false });
}
