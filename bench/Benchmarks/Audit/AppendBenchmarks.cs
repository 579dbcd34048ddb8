using BenchmarkDotNet.Attributes;
using MaskingProxy.AuditLog.Log;
using MaskingProxy.AuditLog.Records;

namespace MaskingProxy.Benchmarks.Audit;

/// <summary>
/// Appends to a real <see cref="AuditLogWriter"/> in batch mode (a temp directory): serialization on
/// the caller, chaining, SM3, HMAC-SM3, group write and checkpoints on the writer thread. One
/// operation = one record, so Op/s is records/s. Runs on all cores and pinned to one core.
/// <see cref="Repeated"/>: false appends records appended for the first time (a simple-protocol
/// text, serialized in full); true appends the same 256 records again and again (a prepared
/// statement's record at every execution, whose event bytes are kept from its second append on).
/// </summary>
[Config(typeof(BothCoreCountsConfig))]
[InvocationCount(1)]
public class AppendBenchmarks
{
    private const int Records = 20_000;
    private const int RepeatedRecords = 256;
    private readonly Task<AuditTicket>[] _tasks = new Task<AuditTicket>[Records];
    private StatementRecord[] _records = [];
    private string _directory = null!;
    private AuditLogWriter _writer = null!;

    [Params(false, true)]
    public bool Repeated { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _directory = Path.Combine(Path.GetTempPath(), "audit-bench-" + Guid.NewGuid().ToString("N"));
        _writer = AuditLogWriter.Open(new AuditLogOptions { Directory = _directory, Durability = DurabilityMode.Batch }, TypicalRecords.Keys);
        Console.WriteLine($"// typical line: {TypicalRecords.LineLength()} bytes");
    }

    /// <summary>One invocation per iteration, so "first time" records are new in every invocation.</summary>
    [IterationSetup]
    public void MakeRecords()
    {
        if (!Repeated || _records.Length == 0)
        {
            _records = Enumerable.Range(0, Repeated ? RepeatedRecords : Records).Select(TypicalRecords.Statement).ToArray();
        }
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
            _tasks[i] = _writer.AppendAsync(_records[i % _records.Length]);
        }

        await Task.WhenAll(_tasks);
    }
}
