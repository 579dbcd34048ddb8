using BenchmarkDotNet.Attributes;
using MaskingProxy.AuditLog.Log;
using MaskingProxy.AuditLog.Records;

namespace MaskingProxy.Benchmarks.Audit;

/// <summary>
/// Appends to a real <see cref="AuditLogWriter"/> in batch mode (a temp directory): serialization on
/// the caller, chaining, SM3, HMAC-SM3, group write and checkpoints on the writer thread. One
/// operation = one record, so Op/s is records/s. Runs on all cores and pinned to one core.
/// </summary>
[Config(typeof(BothCoreCountsConfig))]
public class AppendBenchmarks
{
    private const int Records = 20_000;
    private readonly StatementRecord[] _records = Enumerable.Range(0, 256).Select(TypicalRecords.Statement).ToArray();
    private readonly Task<AuditTicket>[] _tasks = new Task<AuditTicket>[Records];
    private string _directory = null!;
    private AuditLogWriter _writer = null!;

    [GlobalSetup]
    public void Setup()
    {
        _directory = Path.Combine(Path.GetTempPath(), "audit-bench-" + Guid.NewGuid().ToString("N"));
        _writer = AuditLogWriter.Open(new AuditLogOptions { Directory = _directory, Durability = DurabilityMode.Batch }, TypicalRecords.Keys);
        Console.WriteLine($"// typical line: {TypicalRecords.LineLength()} bytes");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _writer.DisposeAsync().AsTask().GetAwaiter().GetResult();
        Directory.Delete(_directory, recursive: true);
    }

    [Benchmark(OperationsPerInvoke = Records)]
    public async Task AppendBatchMode()
    {
        for (var i = 0; i < Records; i++)
        {
            _tasks[i] = _writer.AppendAsync(_records[i & 255]);
        }

        await Task.WhenAll(_tasks);
    }
}
