using MaskingProxy.Proxy.Observability;
using Xunit;

namespace MaskingProxy.Proxy.Tests.Observability;

public sealed class StripedCounterTests
{
    [Fact]
    public void Value_AddsFromManyThreads_ExactSum()
    {
        var counter = new StripedCounter();
        const int threads = 40;
        const int addsPerThread = 20_000;

        // More threads than stripes, so some share a stripe and must not lose adds.
        using var start = new Barrier(threads);
        var workers = Enumerable.Range(1, threads).Select(t => new Thread(() =>
        {
            start.SignalAndWait();
            for (var i = 0; i < addsPerThread; i++)
            {
                counter.Add(t);
                counter.Increment();
            }
        })).ToList();
        workers.ForEach(w => w.Start());
        workers.ForEach(w => w.Join());

        long expected = (long)addsPerThread * Enumerable.Range(1, threads).Sum() + (long)threads * addsPerThread;
        Assert.Equal(expected, counter.Value);
    }

    [Fact]
    public void Value_NegativeAddOnAnotherThread_CancelsIncrement()
    {
        var counter = new StripedCounter();
        counter.Increment();
        counter.Increment();

        var other = new Thread(() => counter.Add(-1));
        other.Start();
        other.Join();

        Assert.Equal(1, counter.Value);
    }
}
