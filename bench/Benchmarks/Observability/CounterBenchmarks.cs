using BenchmarkDotNet.Attributes;
using MaskingProxy.Benchmarks.Rewrite;
using MaskingProxy.Proxy.Observability;

namespace MaskingProxy.Benchmarks.Observability;

/// <summary>
/// The relay's counters as two event threads use them: each thread adds to the statement and
/// byte counters once per message. One operation = one add on each of two threads at once, so
/// the time per operation is what an add costs when the other core adds too: a shared interlocked
/// counter (the line moves between the cores) against <see cref="StripedCounter"/>. The second
/// thread is new in every invocation, so now and then its managed id shares a stripe with the
/// first's: that only makes the striped figure more pessimistic.
/// </summary>
[Config(typeof(RewriteBenchmarkConfig))]
public class CounterBenchmarks
{
    private const int AddsPerThread = 1_000_000;
    private readonly StripedCounter _striped = new();
    private long _shared;

    [Benchmark(Baseline = true, OperationsPerInvoke = AddsPerThread)]
    public long SharedInterlocked()
    {
        RunOnTwoThreads(() =>
        {
            for (var i = 0; i < AddsPerThread; i++)
            {
                Interlocked.Add(ref _shared, 5);
            }
        });
        return Interlocked.Read(ref _shared);
    }

    [Benchmark(OperationsPerInvoke = AddsPerThread)]
    public long Striped()
    {
        RunOnTwoThreads(() =>
        {
            for (var i = 0; i < AddsPerThread; i++)
            {
                _striped.Add(5);
            }
        });
        return _striped.Value;
    }

    private static void RunOnTwoThreads(Action work)
    {
        var other = new Thread(() => work());
        other.Start();
        work();
        other.Join();
    }
}
